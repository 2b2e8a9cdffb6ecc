// What the server's operator asks of the records (ARCHITECTURE §4, §7): whether each court's audit
// chain holds, which conflicts wait for a person, and how the blocks of serials granted to devices
// are used (the serials reserved and not used are what a court reports). Reads only.
import { verifyCourtAuditChain, type AuditVerification, type Db } from '../../domain';

export interface CourtRef {
  id: string;
  code: string;
}

export async function courtsOf(db: Db, onlyId?: string): Promise<CourtRef[]> {
  let q = db.selectFrom('courts').select(['id', 'code']).orderBy('code');
  if (onlyId) q = q.where('id', '=', onlyId);
  return q.execute();
}

export async function verifyCourtChains(db: Db, courts: readonly CourtRef[]): Promise<{ court: CourtRef; verdict: AuditVerification }[]> {
  const out = [];
  for (const court of courts) out.push({ court, verdict: await verifyCourtAuditChain(db, court.id) });
  return out;
}

export interface OpenConflict {
  createdAt: string;
  id: string;
  courtCode: string;
  name: string;
  entity: string;
  entityId: string;
  fields: string[];
  deviceId: string;
  mutationId: number;
}

export async function openConflicts(db: Db, courtId?: string): Promise<OpenConflict[]> {
  let q = db
    .selectFrom('conflicts as c')
    .innerJoin('courts as k', 'k.id', 'c.court_id')
    .select(['c.id', 'c.created_at', 'k.code', 'c.name', 'c.entity', 'c.entity_id', 'c.fields', 'c.device_id', 'c.mutation_id'])
    .where('c.status', '=', 'open')
    .orderBy('c.created_at');
  if (courtId) q = q.where('c.court_id', '=', courtId);
  return (await q.execute()).map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    courtCode: r.code,
    name: r.name,
    entity: r.entity,
    entityId: r.entity_id,
    fields: (JSON.parse(r.fields) as { field: string }[]).map((f) => f.field),
    deviceId: r.device_id,
    mutationId: Number(r.mutation_id),
  }));
}

export interface DeviceBlockUse {
  courtCode: string;
  device: string;
  typeCode: string;
  year: number;
  first: number;
  last: number;
  used: number;
  unused: number;
}

/** Every block granted to a device, with how far the device's pushed numbers have used it. */
export async function deviceBlockUse(db: Db, courtId?: string): Promise<DeviceBlockUse[]> {
  let q = db
    .selectFrom('number_blocks as b')
    .innerJoin('courts as k', 'k.id', 'b.court_id')
    .leftJoin('devices as d', 'd.id', 'b.device_id')
    .select(['k.code', 'b.device_id', 'd.tag', 'b.type_code', 'b.year', 'b.first_serial', 'b.last_serial', 'b.next_serial'])
    .where('b.device_id', 'is not', null)
    .orderBy('k.code')
    .orderBy('b.device_id')
    .orderBy('b.type_code')
    .orderBy('b.year')
    .orderBy('b.first_serial');
  if (courtId) q = q.where('b.court_id', '=', courtId);
  return (await q.execute()).map((r) => {
    const first = Number(r.first_serial);
    const last = Number(r.last_serial);
    const used = Number(r.next_serial) - first;
    return { courtCode: r.code, device: r.tag ?? r.device_id!, typeCode: r.type_code, year: Number(r.year), first, last, used, unused: last - first + 1 - used };
  });
}
