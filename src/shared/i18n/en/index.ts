import { enums } from './enums';
import { errors } from './errors';
import { ui } from './ui';

export const en = { errors, enums, ui };
