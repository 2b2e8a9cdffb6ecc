import { enums } from './enums';
import { errors } from './errors';
import { print } from './print';
import { server } from './server';
import { signing } from './signing';
import { ui } from './ui';

export const en = { errors, enums, ui, print, server, signing };
