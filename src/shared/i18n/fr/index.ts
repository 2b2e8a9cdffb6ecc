import { enums } from './enums';
import { errors } from './errors';
import { ui } from './ui';

export const fr = { errors, enums, ui };
