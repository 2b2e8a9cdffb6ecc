// Words of the printed documents (fr): the receipt, the case sheet and the day's roll. Field labels
// the screens already have (ui.case.*, ui.party.*, ui.hearing.*) are reused, not repeated here.
export const print = {
  kingdom: 'Royaume du Maroc',
  printedOn: 'Imprimé le {{date}} à {{time}} par {{name}}',
  page: 'Page {{page}} / {{pages}}',
  labelled: '{{label}}\u00a0: {{value}}',
  /** A label before a value that follows on its own (a party's role before the name). */
  label: '{{label}}\u00a0:',
  fileName: { receipt: 'recepisse', caseSheet: 'fiche-dossier', hearingRoll: 'role-audience', judgment: 'jugement' },
  field: { name: 'Nom' },
  receipt: {
    title: 'Récépissé d’enregistrement',
    registeredBy: 'Dossier enregistré le {{date}} à {{time}} par {{name}}.',
    stamp: 'Cachet du tribunal et signature du greffier',
    provisional: 'Numéro provisoire, remplacé par un numéro définitif à la synchronisation',
  },
  judgment: {
    title: 'Jugement',
    judge: 'Le juge',
    clerk: 'Le greffier',
    signedElectronically: 'Signé électroniquement par le juge et le greffier (signatures PAdES de ce fichier).',
  },
  caseSheet: { title: 'Fiche du dossier', removed: 'Retirée le {{date}}\u00a0: {{reason}}' },
  roll: {
    title: 'Rôle d’audience',
    date: 'Audience du',
    allChambers: 'Toutes les chambres',
    count: 'Affaires inscrites',
    order: 'N°',
  },
};
