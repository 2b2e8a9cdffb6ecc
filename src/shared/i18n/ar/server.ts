// رسائل وحدة التحكم للخادم (`npm run server`) لمن يشغّله (ar).
export const server = {
  listening: 'خادم محكمة يستمع على {{url}}',
  cannotStart: 'تعذّر تشغيل خادم محكمة:',
  unknownCommand: 'أمر غير معروف: {{command}}. لا يقبل `npm run server` أي أمر بعد.',
};
