// Words of the printed documents (en): the receipt, the case sheet and the day's roll. Field labels
// the screens already have (ui.case.*, ui.party.*, ui.hearing.*) are reused, not repeated here.
export const print = {
  kingdom: 'Kingdom of Morocco',
  printedOn: 'Printed on {{date}} at {{time}} by {{name}}',
  page: 'Page {{page}} / {{pages}}',
  labelled: '{{label}}: {{value}}',
  /** A label before a value that follows on its own (a party's role before the name). */
  label: '{{label}}:',
  fileName: { receipt: 'registration-receipt', caseSheet: 'case-sheet', hearingRoll: 'hearing-roll', judgment: 'judgment' },
  field: { name: 'Name' },
  receipt: {
    title: 'Registration receipt',
    registeredBy: 'Case registered on {{date}} at {{time}} by {{name}}.',
    stamp: 'Court stamp and clerk’s signature',
    provisional: 'Provisional number, replaced by a final number at the next synchronisation',
  },
  judgment: {
    title: 'Judgment',
    judge: 'The judge',
    clerk: 'The clerk',
    signedElectronically: 'Signed electronically by the judge and the clerk (PAdES signatures in this file).',
  },
  caseSheet: { title: 'Case sheet', removed: 'Removed on {{date}}: {{reason}}' },
  roll: {
    title: 'Hearing roll',
    date: 'Hearing of',
    allChambers: 'All chambers',
    count: 'Cases listed',
    order: 'No.',
  },
};
