// Words of the printed documents (ar): the receipt, the case sheet and the day's roll. Field labels
// the screens already have (ui.case.*, ui.party.*, ui.hearing.*) are reused, not repeated here.
// No tashkeel in these sentences: a PDF's text layer splits a word at each diacritic.
export const print = {
  kingdom: 'المملكة المغربية',
  printedOn: 'طبع بتاريخ {{date}} على الساعة {{time}} من طرف {{name}}',
  page: 'الصفحة {{page}} من {{pages}}',
  labelled: '{{label}}: {{value}}',
  /** A label before a value that follows on its own (a party's role before the name). */
  label: '{{label}}:',
  fileName: { receipt: 'وصل-التسجيل', caseSheet: 'بطاقة-الملف', hearingRoll: 'جدول-الجلسات', judgment: 'حكم' },
  field: { name: 'الاسم' },
  receipt: {
    title: 'وصل التسجيل',
    registeredBy: 'تم تسجيل الملف بتاريخ {{date}} على الساعة {{time}} من طرف {{name}}.',
    stamp: 'خاتم المحكمة وتوقيع كاتب الضبط',
    provisional: 'رقم مؤقت، سيعوض برقم نهائي عند المزامنة',
  },
  judgment: {
    title: 'حكم',
    judge: 'القاضي',
    clerk: 'كاتب الضبط',
    signedElectronically: 'موقع إلكترونيا من طرف القاضي وكاتب الضبط (توقيعات PAdES في هذا الملف).',
  },
  caseSheet: { title: 'بطاقة الملف', removed: 'تم الإخراج من الدعوى بتاريخ {{date}}: {{reason}}' },
  roll: {
    title: 'جدول الجلسات',
    date: 'يوم الجلسة',
    allChambers: 'جميع الغرف',
    count: 'عدد القضايا المدرجة',
    order: 'ر.ت',
  },
};
