// Realistic Moroccan party names for the benchmark store: people and organisations, in Arabic
// script, Latin (French-style) script or both, some written with tashkeel or accents the way a
// clerk may type them. Deterministic (seeded PRNG) so two runs search the same data. Never used
// by the app: it only feeds test/bench.

/** mulberry32: small, fast and good enough to spread benchmark data; not for anything secret. */
export function makeRandom(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number): boolean => next() < p,
  };
}
export type Random = ReturnType<typeof makeRandom>;

interface Name {
  ar: string;
  latin: string;
  /** The same Arabic name with (some) tashkeel, as found on older documents. */
  arVocalized?: string;
}

export const FIRST_NAMES: readonly Name[] = [
  { ar: 'محمد', latin: 'Mohammed', arVocalized: 'مُحَمَّد' },
  { ar: 'أحمد', latin: 'Ahmed', arVocalized: 'أَحْمَد' },
  { ar: 'يوسف', latin: 'Youssef', arVocalized: 'يُوسُف' },
  { ar: 'عبد الله', latin: 'Abdellah', arVocalized: 'عَبْدُ الله' },
  { ar: 'عبد الرحيم', latin: 'Abderrahim' },
  { ar: 'عبد الإله', latin: 'Abdelilah' },
  { ar: 'الحسن', latin: 'Hassan' },
  { ar: 'الحسين', latin: 'Houssine' },
  { ar: 'إبراهيم', latin: 'Brahim', arVocalized: 'إِبْرَاهِيم' },
  { ar: 'إسماعيل', latin: 'Ismaïl' },
  { ar: 'رضا', latin: 'Réda' },
  { ar: 'سعيد', latin: 'Saïd', arVocalized: 'سَعِيد' },
  { ar: 'مصطفى', latin: 'Mustapha' },
  { ar: 'عمر', latin: 'Omar', arVocalized: 'عُمَر' },
  { ar: 'خالد', latin: 'Khalid' },
  { ar: 'رشيد', latin: 'Rachid' },
  { ar: 'مهدي', latin: 'Mehdi' },
  { ar: 'أيوب', latin: 'Ayoub' },
  { ar: 'حمزة', latin: 'Hamza', arVocalized: 'حَمْزَة' },
  { ar: 'إدريس', latin: 'Driss' },
  { ar: 'عثمان', latin: 'Othmane' },
  { ar: 'ياسين', latin: 'Yassine' },
  { ar: 'نور الدين', latin: 'Noureddine' },
  { ar: 'جمال', latin: 'Jamal' },
  { ar: 'هشام', latin: 'Hicham' },
  { ar: 'عزيز', latin: 'Aziz' },
  { ar: 'فاطمة', latin: 'Fatima', arVocalized: 'فَاطِمَة' },
  { ar: 'فاطمة الزهراء', latin: 'Fatima-Zahra' },
  { ar: 'خديجة', latin: 'Khadija', arVocalized: 'خَدِيجَة' },
  { ar: 'عائشة', latin: 'Aïcha', arVocalized: 'عَائِشَة' },
  { ar: 'مريم', latin: 'Meryem', arVocalized: 'مَرْيَم' },
  { ar: 'زينب', latin: 'Zineb' },
  { ar: 'نعيمة', latin: 'Naïma' },
  { ar: 'حفصة', latin: 'Hafsa' },
  { ar: 'سلمى', latin: 'Salma' },
  { ar: 'سناء', latin: 'Sanaa' },
  { ar: 'ليلى', latin: 'Leïla' },
  { ar: 'هند', latin: 'Hind' },
  { ar: 'إكرام', latin: 'Ikram' },
  { ar: 'أسماء', latin: 'Asmaa' },
  { ar: 'نادية', latin: 'Nadia' },
  { ar: 'لطيفة', latin: 'Latifa' },
  { ar: 'سكينة', latin: 'Soukaïna' },
  { ar: 'إيمان', latin: 'Imane' },
  { ar: 'هاجر', latin: 'Hajar' },
  { ar: 'كوثر', latin: 'Kaoutar' },
  { ar: 'هيلين', latin: 'Hélène' },
  { ar: 'جيروم', latin: 'Jérôme' },
];

export const FAMILY_NAMES: readonly Name[] = [
  { ar: 'بناني', latin: 'Bennani' },
  { ar: 'العلوي', latin: 'El Alaoui', arVocalized: 'العَلَوِي' },
  { ar: 'الإدريسي', latin: 'El Idrissi' },
  { ar: 'التازي', latin: 'Tazi' },
  { ar: 'الفاسي', latin: 'El Fassi' },
  { ar: 'برادة', latin: 'Berrada' },
  { ar: 'الشرايبي', latin: 'Chraïbi' },
  { ar: 'بنجلون', latin: 'Benjelloun' },
  { ar: 'السقاط', latin: 'Sekkat' },
  { ar: 'الكتاني', latin: 'Kettani' },
  { ar: 'العمراني', latin: 'El Amrani' },
  { ar: 'الزياني', latin: 'Zyani' },
  { ar: 'بوزيد', latin: 'Bouzid' },
  { ar: 'أمزيان', latin: 'Amziane' },
  { ar: 'أوعلي', latin: 'Ouali' },
  { ar: 'الحسني', latin: 'El Hassani' },
  { ar: 'الصقلي', latin: 'Sqalli' },
  { ar: 'بنكيران', latin: 'Benkirane' },
  { ar: 'العثماني', latin: 'El Othmani' },
  { ar: 'الأندلسي', latin: 'Andaloussi' },
  { ar: 'الوزاني', latin: 'Ouazzani' },
  { ar: 'الغزواني', latin: 'Ghazouani' },
  { ar: 'الرايس', latin: 'Raïss' },
  { ar: 'بلقاضي', latin: 'Belkadi' },
  { ar: 'الصنهاجي', latin: 'Sanhaji' },
  { ar: 'أيت الحاج', latin: 'Aït El Haj' },
  { ar: 'أيت بنحدو', latin: 'Aït Benhaddou' },
  { ar: 'أوفقير', latin: 'Oufkir' },
  { ar: 'الطاهري', latin: 'Taheri' },
  { ar: 'المنصوري', latin: 'Mansouri', arVocalized: 'المَنْصُورِي' },
  { ar: 'الحداد', latin: 'Haddad' },
  { ar: 'الخياط', latin: 'El Khayat' },
  { ar: 'النجار', latin: 'Najjar' },
  { ar: 'الدكالي', latin: 'Doukkali' },
  { ar: 'الرحماني', latin: 'Rahmani' },
  { ar: 'الشاوي', latin: 'Chaoui' },
  { ar: 'السوسي', latin: 'Soussi' },
  { ar: 'الريفي', latin: 'Rifi' },
  { ar: 'بنعبد الله', latin: 'Benabdellah' },
  { ar: 'بن موسى', latin: 'Benmoussa' },
  { ar: 'الزهراوي', latin: 'Zahraoui' },
  { ar: 'القادري', latin: 'Kadiri' },
  { ar: 'الناصري', latin: 'Naciri' },
  { ar: 'الهاشمي', latin: 'Hachimi' },
  { ar: 'بوعزة', latin: 'Bouazza' },
  { ar: 'الكرمي', latin: 'Guermi' },
  { ar: 'المرابط', latin: 'Mrabet' },
  { ar: 'الشرقاوي', latin: 'Cherkaoui' },
  { ar: 'الغماري', latin: 'Ghomari' },
  { ar: 'لحلو', latin: 'Lahlou' },
  { ar: 'الصفريوي', latin: 'Sefrioui' },
  { ar: 'دوبوا', latin: 'Dubois' },
  { ar: 'لوفيفر', latin: 'Lefèvre' },
];

/** Distinctive words of company names (Arabic form, French form). */
const ORG_CORES: readonly Name[] = [
  { ar: 'الأطلس', latin: 'Atlas' },
  { ar: 'النور', latin: 'Nour' },
  { ar: 'المغرب الجديد', latin: 'Nouveau Maroc' },
  { ar: 'الريف', latin: 'Rif' },
  { ar: 'سوس', latin: 'Souss' },
  { ar: 'الواحة', latin: 'Oasis' },
  { ar: 'الفتح', latin: 'Al Fath' },
  { ar: 'الأمل', latin: 'Al Amal' },
  { ar: 'المحيط', latin: 'Océan' },
  { ar: 'النجمة', latin: 'Étoile' },
  { ar: 'الزيتونة', latin: 'Zitouna' },
  { ar: 'البركة', latin: 'Baraka' },
  { ar: 'الشروق', latin: 'Chourouk' },
  { ar: 'تافيلالت', latin: 'Tafilalet' },
  { ar: 'الساحل', latin: 'Sahel' },
  { ar: 'أنفا', latin: 'Anfa' },
];
const ORG_ACTIVITIES: readonly Name[] = [
  { ar: 'للتجارة', latin: 'Commerce' },
  { ar: 'للبناء', latin: 'Construction' },
  { ar: 'للنقل', latin: 'Transport' },
  { ar: 'للاستيراد والتصدير', latin: 'Import Export' },
  { ar: 'للخدمات', latin: 'Services' },
  { ar: 'للأشغال العمومية', latin: 'Travaux Publics' },
  { ar: 'للعقار', latin: 'Immobilier' },
  { ar: 'للتوزيع', latin: 'Distribution' },
  { ar: 'للصناعات الغذائية', latin: 'Agroalimentaire' },
  { ar: 'للسياحة', latin: 'Tourisme' },
];
const ORG_FORMS: readonly Name[] = [
  { ar: 'ش.م.م', latin: 'SARL' },
  { ar: 'ش.م', latin: 'SA' },
  { ar: 'ش.ذ.م.م ذات الشريك الوحيد', latin: 'SARL AU' },
];

export interface GeneratedParty {
  kind: 'person' | 'organisation';
  nameAr: string | null;
  nameLatin: string | null;
  nationalId: string | null;
}

/** Moroccan CIN: one or two letters then digits (e.g. BE123456). */
function cin(r: Random): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const prefix = r.chance(0.6) ? r.pick([...letters]) + r.pick([...letters]) : r.pick([...letters]);
  return prefix + String(r.int(1000, 999999));
}

/** A person: ~55% both scripts, ~30% Arabic only, ~15% Latin only; ~8% written with tashkeel. */
export function generatePerson(r: Random): GeneratedParty {
  const first = r.pick(FIRST_NAMES);
  const family = r.pick(FAMILY_NAMES);
  const vocalize = r.chance(0.08);
  const ar = `${vocalize ? (first.arVocalized ?? first.ar) : first.ar} ${vocalize ? (family.arVocalized ?? family.ar) : family.ar}`;
  // Latin names are often written FAMILY First on court documents.
  const latin = r.chance(0.3) ? `${family.latin.toUpperCase()} ${first.latin}` : `${first.latin} ${family.latin}`;
  const which = r.next();
  return {
    kind: 'person',
    nameAr: which < 0.85 ? ar : null,
    nameLatin: which < 0.55 || which >= 0.85 ? latin : null,
    nationalId: r.chance(0.7) ? cin(r) : null,
  };
}

export function generateOrganisation(r: Random): GeneratedParty {
  const core = r.pick(ORG_CORES);
  const activity = r.pick(ORG_ACTIVITIES);
  const form = r.pick(ORG_FORMS);
  const which = r.next();
  return {
    kind: 'organisation',
    nameAr: which < 0.8 ? `شركة ${core.ar} ${activity.ar} ${form.ar}` : null,
    nameLatin: which >= 0.5 ? `Société ${core.latin} ${activity.latin} ${form.latin}` : null,
    nationalId: null,
  };
}

/** 85% people, 15% organisations. */
export function generateParty(r: Random): GeneratedParty {
  return r.chance(0.15) ? generateOrganisation(r) : generatePerson(r);
}

/** What a clerk types to find a party: 1–3 partial words, no diacritics, Latin in lower case. */
export function generateNameQuery(r: Random): { text: string; script: 'ar' | 'latin' | 'none'; tokens: number } {
  const kind = r.next();
  const tokens = r.int(1, 3);
  const cut = (w: string) => w.slice(0, Math.max(2, Math.min(w.length, r.int(3, w.length))));
  if (kind < 0.45) {
    const words = [r.pick(FAMILY_NAMES).ar, r.pick(FIRST_NAMES).ar].join(' ').split(' ');
    const picked = words.slice(0, tokens).map(cut);
    return { text: picked.join(' '), script: 'ar', tokens: picked.length };
  }
  if (kind < 0.85) {
    const words = [r.pick(FAMILY_NAMES).latin, r.pick(FIRST_NAMES).latin]
      .join(' ')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .split(/[\s-]+/);
    const picked = words.slice(0, tokens).map(cut);
    return { text: picked.join(' '), script: 'latin', tokens: picked.length };
  }
  // Nobody by that name: the query must still answer fast.
  const misses = ['zqxw', 'qwerty', 'xylophone', 'ثخضظ', 'غضظث', 'vrtzk mplq', 'ظظظ ضضض'];
  const text = r.pick(misses);
  return { text, script: 'none', tokens: text.split(' ').length };
}
