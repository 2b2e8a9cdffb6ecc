// Messages de la console du serveur (`npm run server`), pour qui l'exploite (fr).
export const server = {
  listening: 'Serveur Mahkama à l\u2019écoute sur {{url}}',
  cannotStart: 'Le serveur Mahkama ne peut pas démarrer\u00a0:',
  unknownCommand: 'Commande inconnue\u00a0: {{command}}. `npm run server` ne prend encore aucune commande.',
};
