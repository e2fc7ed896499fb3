import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, dropDatabase, openDatabase } from '../shared/platform/database';
import { DEMO_LIBRARIES, demoId } from '../shared/domain/demo';
import { communityEvents } from '../subgraphs/community-events';
import { EventAttendance } from '../subgraphs/community-events/registration/attendance.entity';
import { Registration } from '../subgraphs/community-events/registration/registration.entity';
import { Initial1795365100888 } from '../subgraphs/community-events/migrations/1795365100888-initial';
import { BACKENDS, testConfig } from './helpers/federation';

/**
 * A database made by the first version (events and registrations, no pools) is migrated and
 * gets the new demo steps once, its registrations carrying their pool, arrival order and key.
 */
describe.each(BACKENDS)('upgrading a community-events database of the first version on %s', (backend) => {
  const config = testConfig(backend);
  const def = communityEvents;
  const q = (name: string) => (backend === 'sqlite' ? `"${name}"` : `\`${name}\``);

  afterAll(() => dropDatabase(config, def));

  it('fills pool, arrival order and live key of the old registrations, then seeds only the new steps', async () => {
    // Only the first migration, then rows as the first version wrote them.
    await openDatabase(config, { ...def, migrations: [Initial1795365100888] } as never).then((db) => db.destroy());
    const old = new DataSource({ ...dataSourceOptions(config, def), entities: [], migrations: [] });
    await old.initialize();
    const eventId = demoId('event', DEMO_LIBRARIES[0].id, 0);
    await old.query(
      `INSERT INTO ${q('event')} (${['id', 'libraryId', 'title', 'description', 'type', 'audience', 'location', 'startsAt', 'endsAt', 'capacity', 'status'].map(q).join(', ')})
       VALUES ('${eventId}', 'kupang', 'Dongeng Sabtu Pagi', '', 'STORY_TIME', 'CHILDREN', 'Ruang Baca Anak', '2026-08-01 01:00:00', '2026-08-01 02:30:00', 2, 'COMPLETED')`,
    );
    const rows: [string, string | null, string | null, string, string][] = [
      ['r-b', 'm-1', null, 'CONFIRMED', '2026-07-20 03:00:00'],
      ['r-a', null, 'Tamu@Example.ID', 'CONFIRMED', '2026-07-19 03:00:00'],
      ['r-c', 'm-2', null, 'CANCELLED', '2026-07-21 03:00:00'],
      ['r-d', 'm-3', null, 'WAITLISTED', '2026-07-22 03:00:00'],
    ];
    for (const [id, memberId, email, status, createdAt] of rows) {
      await old.query(
        `INSERT INTO ${q('registration')} (${['id', 'eventId', 'memberId', 'guestName', 'guestEmail', 'status', 'createdAt'].map(q).join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [id, eventId, memberId, email ? 'Tamu' : null, email, status, createdAt],
      );
    }
    await old.destroy();

    const db = await openDatabase(config, def);
    try {
      const upgraded = await db.getRepository(Registration).find({ order: { sequence: 'ASC' } });
      expect(upgraded.map((r) => [r.id, r.poolId, r.sequence, r.activeKey])).toEqual([
        ['r-a', eventId, 1, 'guest:tamu@example.id'],
        ['r-b', eventId, 2, 'member:m-1'],
        ['r-c', eventId, 3, null],
        ['r-d', eventId, 4, 'member:m-3'],
      ]);
      const summary = await def.seed(db);
      expect(summary.eventSeries).toBe(DEMO_LIBRARIES.length);
      expect(summary.satisfactionSurveys).toBe(2 * DEMO_LIBRARIES.length);
      expect(await db.getRepository(EventAttendance).countBy({ eventId })).toBe(2); // the old completed event got its outcome too
      expect(await def.seed(db)).toEqual({});
    } finally {
      await db.destroy();
    }
  });
});
