/**
 * Multi-row inserts as one JSON parameter: `insert … select … from jsonb_to_recordset($1)`.
 * drizzle's builder costs about 3 ms of CPU per row for a 1,000-row, 17-column insert (its
 * `is()` checks on every parameter: the bulk of an import's time in a profile); one JSON text
 * parameter costs the driver nothing and Postgres parses it in about a millisecond. Columns
 * and types come from the drizzle table, so a column added to the schema is carried as well.
 * Rows that leave out a column with a database default fall back to drizzle's insert (which
 * writes DEFAULT there), as does a table with a bytea column (JSON cannot carry bytes).
 */
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

export interface RecordsetInsert {
  /** `insert into t (cols) select cols from jsonb_to_recordset($1) as x(col type, …)`. */
  query: SQL;
  /** The database names of the inserted columns, for an `on conflict … do update` list. */
  columns: string[];
}

/** The insert of `rows` (keys as in the drizzle table), or undefined when it must not be used. */
export function recordsetInsert(
  table: PgTable,
  rows: ReadonlyArray<Record<string, unknown>>,
): RecordsetInsert | undefined {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const used = Object.keys(columns).filter((key) => rows.some((row) => row[key] !== undefined));
  for (const key of used) {
    const column = columns[key]!;
    if (column.getSQLType() === 'bytea') return undefined;
    if (column.hasDefault && rows.some((row) => row[key] === undefined)) return undefined;
  }
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const key of used) {
      const column = columns[key]!;
      const value = row[key];
      if (value === undefined || value === null) record[column.name] = null;
      else if (column.getSQLType().startsWith('json')) record[column.name] = value;
      else record[column.name] = column.mapToDriverValue(value);
    }
    return record;
  });
  const names = used.map((key) => columns[key]!.name);
  const list = sql.raw(names.map(quote).join(', '));
  const types = sql.raw(
    used.map((key) => `${quote(columns[key]!.name)} ${recordType(columns[key]!)}`).join(', '),
  );
  const query = sql`insert into ${sql.raw(quote(getTableName(table)))} (${list}) select ${list} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(${types})`;
  return { query, columns: names };
}

function recordType(column: PgColumn): string {
  const type = column.getSQLType();
  if (type === 'bigserial') return 'bigint';
  if (type === 'serial') return 'integer';
  return type;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `excluded.col` for each column, for `on conflict … do update set`. */
export function excludedAssignments(columns: readonly string[]): SQL {
  return sql.raw(columns.map((name) => `${quote(name)} = excluded.${quote(name)}`).join(', '));
}
