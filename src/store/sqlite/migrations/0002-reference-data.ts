// Reference data every workstation starts with: the case types of a Moroccan first-instance court
// and the public holidays of 2026–2027. Ids are fixed so that every workstation and the server agree
// on them without a sync. Never edit a released migration: a new type or year is a new migration.
import type { Migration } from './migration';

/** updated_hlc of seeded rows: before any real clock, from no device. */
const SEED_HLC = '000000000000000-00000-seed';

interface SeedCaseType {
  id: string;
  code: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
}

// Codes are 4 digits (the `type-code` of `year/type-code/serial`). This is an initial set covering
// the chambers of a first-instance court; the ministry's full nomenclature replaces it through sync.
export const SEED_CASE_TYPES: readonly SeedCaseType[] = [
  { id: '01900000-0000-7000-8000-000000001101', code: '1101', nameAr: 'القضايا المدنية', nameFr: 'Affaires civiles', nameEn: 'Civil cases' },
  { id: '01900000-0000-7000-8000-000000001201', code: '1201', nameAr: 'القضايا التجارية', nameFr: 'Affaires commerciales', nameEn: 'Commercial cases' },
  { id: '01900000-0000-7000-8000-000000001301', code: '1301', nameAr: 'قضايا الأسرة والأحوال الشخصية', nameFr: 'Affaires de la famille et du statut personnel', nameEn: 'Family and personal status cases' },
  { id: '01900000-0000-7000-8000-000000001401', code: '1401', nameAr: 'القضايا العقارية', nameFr: 'Affaires immobilières', nameEn: 'Real estate cases' },
  { id: '01900000-0000-7000-8000-000000001501', code: '1501', nameAr: 'القضايا الاجتماعية (نزاعات الشغل)', nameFr: 'Affaires sociales (litiges du travail)', nameEn: 'Social and labour cases' },
  { id: '01900000-0000-7000-8000-000000001601', code: '1601', nameAr: 'القضايا الإدارية', nameFr: 'Affaires administratives', nameEn: 'Administrative cases' },
  { id: '01900000-0000-7000-8000-000000001701', code: '1701', nameAr: 'القضاء الاستعجالي', nameFr: 'Référés', nameEn: 'Urgent applications (référé)' },
  { id: '01900000-0000-7000-8000-000000001801', code: '1801', nameAr: 'قضايا حوادث السير', nameFr: 'Accidents de la circulation', nameEn: 'Road traffic accident cases' },
  { id: '01900000-0000-7000-8000-000000002101', code: '2101', nameAr: 'الجنح العادية', nameFr: 'Délits (correctionnel)', nameEn: 'Criminal misdemeanours' },
  { id: '01900000-0000-7000-8000-000000002102', code: '2102', nameAr: 'الجنح التلبسية', nameFr: 'Délits flagrants', nameEn: 'Misdemeanours caught in the act' },
];

interface SeedHoliday {
  date: string;
  nameAr: string;
  nameFr: string;
  nameEn: string;
}

const FIXED: readonly (Omit<SeedHoliday, 'date'> & { monthDay: string })[] = [
  { monthDay: '01-01', nameAr: 'رأس السنة الميلادية', nameFr: "Nouvel An", nameEn: "New Year's Day" },
  { monthDay: '01-11', nameAr: 'ذكرى تقديم وثيقة الاستقلال', nameFr: "Manifeste de l'Indépendance", nameEn: 'Independence Manifesto Day' },
  { monthDay: '01-14', nameAr: 'رأس السنة الأمازيغية', nameFr: 'Nouvel An amazigh', nameEn: 'Amazigh New Year' },
  { monthDay: '05-01', nameAr: 'عيد الشغل', nameFr: 'Fête du Travail', nameEn: 'Labour Day' },
  { monthDay: '07-30', nameAr: 'عيد العرش', nameFr: 'Fête du Trône', nameEn: 'Throne Day' },
  { monthDay: '08-14', nameAr: 'ذكرى استرجاع إقليم وادي الذهب', nameFr: "Allégeance de l'Oued Eddahab", nameEn: 'Oued Ed-Dahab Day' },
  { monthDay: '08-20', nameAr: 'ذكرى ثورة الملك والشعب', nameFr: 'Révolution du Roi et du Peuple', nameEn: 'Revolution of the King and the People' },
  { monthDay: '08-21', nameAr: 'عيد الشباب', nameFr: 'Fête de la Jeunesse', nameEn: 'Youth Day' },
  { monthDay: '11-06', nameAr: 'ذكرى المسيرة الخضراء', nameFr: 'Marche verte', nameEn: 'Green March Day' },
  { monthDay: '11-18', nameAr: 'عيد الاستقلال', nameFr: "Fête de l'Indépendance", nameEn: 'Independence Day' },
];

const FITR = { nameAr: 'عيد الفطر', nameFr: 'Aïd al-Fitr', nameEn: 'Eid al-Fitr' };
const ADHA = { nameAr: 'عيد الأضحى', nameFr: 'Aïd al-Adha', nameEn: 'Eid al-Adha' };
const HIJRI_NEW_YEAR = { nameAr: 'فاتح محرم (رأس السنة الهجرية)', nameFr: "1er Moharram (Nouvel An de l'Hégire)", nameEn: 'Islamic New Year (1 Muharram)' };
const MAWLID = { nameAr: 'عيد المولد النبوي', nameFr: 'Aïd al-Mawlid', nameEn: 'Prophet’s Birthday (Mawlid)' };

// EXPECTED dates of the Islamic holidays (Umm al-Qura calendar, two days for both Eids and the
// Mawlid as in the public service). Morocco fixes them by moon sighting: the ministry's
// announcement may move each by a day, and a later migration must then correct these rows.
const ISLAMIC: readonly SeedHoliday[] = [
  { date: '2026-03-20', ...FITR },
  { date: '2026-03-21', ...FITR },
  { date: '2026-05-27', ...ADHA },
  { date: '2026-05-28', ...ADHA },
  { date: '2026-06-16', ...HIJRI_NEW_YEAR },
  { date: '2026-08-25', ...MAWLID },
  { date: '2026-08-26', ...MAWLID },
  { date: '2027-03-09', ...FITR },
  { date: '2027-03-10', ...FITR },
  { date: '2027-05-16', ...ADHA },
  { date: '2027-05-17', ...ADHA },
  { date: '2027-06-06', ...HIJRI_NEW_YEAR },
  // 2027-08-14 is also Oued Ed-Dahab Day: merged below into one row of that date.
  { date: '2027-08-14', ...MAWLID },
  { date: '2027-08-15', ...MAWLID },
];

/** One row per date; two holidays falling on the same day share the row ("A / B"). */
export function seedHolidays(): SeedHoliday[] {
  const byDate = new Map<string, SeedHoliday>();
  const add = (h: SeedHoliday) => {
    const prev = byDate.get(h.date);
    byDate.set(
      h.date,
      prev
        ? { date: h.date, nameAr: `${prev.nameAr} / ${h.nameAr}`, nameFr: `${prev.nameFr} / ${h.nameFr}`, nameEn: `${prev.nameEn} / ${h.nameEn}` }
        : h,
    );
  };
  for (const year of [2026, 2027]) for (const f of FIXED) add({ date: `${year}-${f.monthDay}`, nameAr: f.nameAr, nameFr: f.nameFr, nameEn: f.nameEn });
  for (const h of ISLAMIC) add(h);
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

function q(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function buildSql(): string {
  const types = SEED_CASE_TYPES.map(
    (t) =>
      `INSERT INTO case_types (id, code, name_ar, name_fr, name_en, valid_from, valid_to, version, updated_hlc) VALUES (${q(t.id)}, ${q(t.code)}, ${q(t.nameAr)}, ${q(t.nameFr)}, ${q(t.nameEn)}, '2000-01-01', NULL, 1, ${q(SEED_HLC)});`,
  );
  const holidays = seedHolidays().map(
    (h) => `INSERT INTO holidays (date, name_ar, name_fr, name_en) VALUES (${q(h.date)}, ${q(h.nameAr)}, ${q(h.nameFr)}, ${q(h.nameEn)});`,
  );
  return [...types, ...holidays].join('\n');
}

export const migration0002: Migration = {
  version: 2,
  name: 'reference-data',
  sql: buildSql(),
};
