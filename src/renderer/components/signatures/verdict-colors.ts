// The colours a signature verdict is written in on the panels' tinted backgrounds (green.0 /
// red.0): dark enough for WCAG AA on small text, which Mantine's filled green and green.9 on
// green.0 are not (axe measured 3.4:1 on the judgment panel's badge).
export const VERDICT_OK_COLOR = '#1b5e20';
export const VERDICT_BAD_COLOR = '#b71c1c';
export const VERDICT_WARN_COLOR = '#8a4b00';
