// The court sits in Morocco: "today", hearing days and audit times are in its zone whatever the
// machine or server is set to. One definition for the domain's calendar and the renderer's dates.
export const COURT_TIME_ZONE = 'Africa/Casablanca';
