// The colours a status is written in (a signature's verdict, "saved to …" lines), on white and
// on the panels' tinted backgrounds (green.0 / red.0): dark enough for WCAG AA on small text,
// which Mantine's filled green and green.9 are not (axe measured 3.4:1 on the judgment panel's
// badge on green.0; green.9 is 4.36:1 on white).
export const STATUS_OK_COLOR = '#1b5e20';
export const STATUS_BAD_COLOR = '#b71c1c';
export const STATUS_WARN_COLOR = '#8a4b00';
