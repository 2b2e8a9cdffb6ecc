import { enums } from './enums';
import { errors } from './errors';
import { ui } from './ui';

export const ar = { errors, enums, ui };
