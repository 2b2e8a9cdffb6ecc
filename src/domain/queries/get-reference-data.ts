// What forms need to offer choices: the court, its chambers, the case types (those in force on a
// date, or all), the public holidays and the document types in use.
import { notFound } from '../../shared/errors';
import type { ReferenceData } from '../../shared/schemas/views';
import type { Db } from '../db-schema';

export async function getReferenceData(db: Db, courtId: string, onDate?: string): Promise<ReferenceData> {
  const court = await db.selectFrom('courts').selectAll().where('id', '=', courtId).executeTakeFirst();
  if (!court) throw notFound('court', courtId);
  const chambers = await db.selectFrom('chambers').selectAll().where('court_id', '=', courtId).orderBy('code').execute();
  let types = db.selectFrom('case_types').selectAll();
  if (onDate !== undefined) {
    types = types
      .where('valid_from', '<=', onDate)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', onDate)]));
  }
  const caseTypes = await types.orderBy('code').orderBy('valid_from').execute();
  const holidays = await db.selectFrom('holidays').selectAll().orderBy('date').execute();
  const documentTypes = await db.selectFrom('document_types').selectAll().where('active', '=', 1).orderBy('code').execute();
  return {
    court: { id: court.id, code: court.code, nameAr: court.name_ar, nameFr: court.name_fr },
    chambers: chambers.map((c) => ({ id: c.id, courtId: c.court_id, code: c.code, nameAr: c.name_ar, nameFr: c.name_fr })),
    caseTypes: caseTypes.map((t) => ({
      id: t.id,
      code: t.code,
      nameAr: t.name_ar,
      nameFr: t.name_fr,
      nameEn: t.name_en,
      validFrom: t.valid_from,
      validTo: t.valid_to,
    })),
    holidays: holidays.map((h) => ({ date: h.date, nameAr: h.name_ar, nameFr: h.name_fr, nameEn: h.name_en })),
    documentTypes: documentTypes.map((t) => ({ id: t.id, code: t.code, nameAr: t.name_ar, nameFr: t.name_fr, nameEn: t.name_en })),
  };
}
