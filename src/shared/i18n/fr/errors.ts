// Error messages (fr). Keys are the i18nKey of AppError and of field issues.
export const errors = {
  validationFailed: 'Certains champs sont invalides. Veuillez les vérifier.',
  notFound: "L'élément demandé est introuvable.",
  staleVersion: "Cet enregistrement a été modifié par quelqu'un d'autre depuis son ouverture. Rechargez-le puis réessayez.",
  forbidden: "Vous n'avez pas le droit d'effectuer cette action.",
  internal: "Une erreur inattendue s'est produite. Rien n'a été enregistré.",
  field: {
    required: 'Ce champ est obligatoire.',
    tooLong: 'Texte trop long ({{max}} caractères au plus).',
    tooShort: 'Valeur trop courte ({{min}} au moins).',
    wrongType: 'Type de valeur incorrect.',
    unknownValue: 'Valeur inconnue.',
    badFormat: 'Format incorrect.',
    badDate: 'Date invalide.',
    unknownField: 'Champ inconnu.',
    invalid: 'Valeur invalide.',
    nothingToChange: 'Aucune modification.',
  },
  db: {
    corrupt: "Le fichier de base de données est endommagé ou n'est pas une base de données. Il n'a pas été modifié.",
    foreign: "Ce fichier n'est pas une base de données Mahkama. Il n'a pas été modifié.",
    tooNew: "La base de données a été créée par une version plus récente de l'application (schéma {{found}}, pris en charge {{supported}}). Mettez l'application à jour.",
    busy: 'La base de données est utilisée par un autre programme.',
    cannotOpen: "Impossible d'ouvrir le fichier de base de données.",
    needsMigration: 'La base de données doit être migrée et ne peut pas être ouverte en lecture seule.',
  },
};
