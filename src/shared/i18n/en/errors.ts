// Error messages (en). Keys are the i18nKey of AppError and of field issues.
export const errors = {
  validationFailed: 'Some fields are not valid. Please check them.',
  notFound: 'The requested item does not exist.',
  staleVersion: 'Someone else changed this record after you opened it. Reload it and try again.',
  forbidden: 'You are not allowed to do this.',
  internal: 'Something unexpected went wrong. Nothing was saved.',
  field: {
    required: 'This field is required.',
    tooLong: 'Text too long (at most {{max}} characters).',
    tooShort: 'Value too short (at least {{min}}).',
    wrongType: 'Wrong type of value.',
    unknownValue: 'Unknown value.',
    badFormat: 'Wrong format.',
    badDate: 'Not a valid date.',
    unknownField: 'Unknown field.',
    invalid: 'Not a valid value.',
    nothingToChange: 'Nothing to change.',
  },
  db: {
    corrupt: 'The database file is damaged or is not a database. It was not changed.',
    foreign: 'This file is not a Mahkama database. It was not changed.',
    tooNew: 'The database was created by a newer version of the app (schema {{found}}, supported {{supported}}). Update the app.',
    busy: 'The database is in use by another program.',
    cannotOpen: 'The database file could not be opened.',
    needsMigration: 'The database needs a migration and cannot be opened read-only.',
  },
};
