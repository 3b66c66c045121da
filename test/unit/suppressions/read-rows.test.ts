import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../../src/suppressions/csv-records.js';
import { readSourceRows } from '../../../src/suppressions/source-rows.js';

async function* chunksOf(...parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

const CSV =
  'address,error\r\n' +
  'a@example.com,"550 5.1.1 no such user, sorry"\r\n' +
  'b@example.com,"a ""quoted"" word"\r\n' +
  '"c@example.com","two\nlines"\n' +
  'd@example.com,\n';

const EXPECTED = [
  { line: 1, fields: ['address', 'error'] },
  { line: 2, fields: ['a@example.com', '550 5.1.1 no such user, sorry'] },
  { line: 3, fields: ['b@example.com', 'a "quoted" word'] },
  { line: 4, fields: ['c@example.com', 'two\nlines'] },
  { line: 6, fields: ['d@example.com', ''] },
];

describe('readCsvRecords', () => {
  it('reads quoted commas, doubled quotes, line breaks in quotes, CRLF and LF', async () => {
    expect(await collect(readCsvRecords(chunksOf(CSV)))).toEqual(EXPECTED);
  });

  it('reads the same records wherever the chunks split the text', async () => {
    for (let cut = 1; cut < CSV.length; cut++) {
      const records = await collect(readCsvRecords(chunksOf(CSV.slice(0, cut), CSV.slice(cut))));
      expect(records, `cut at ${cut}`).toEqual(EXPECTED);
    }
  });

  it('reads a last record without a line end, and skips blank lines', async () => {
    expect(await collect(readCsvRecords(chunksOf('a,b\n\nc,d')))).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['c', 'd'] },
    ]);
  });

  it('stops on a quote that never closes instead of swallowing the file', async () => {
    await expect(collect(readCsvRecords(chunksOf('a,"b\nc,d\n'), 1_000))).rejects.toMatchObject({
      code: 'IMPORT_MALFORMED',
    });
    const long = 'a,"' + 'x'.repeat(5_000);
    await expect(collect(readCsvRecords(chunksOf(long, long), 1_000))).rejects.toMatchObject({
      code: 'IMPORT_MALFORMED',
    });
  });
});

describe('readSourceRows', () => {
  it('folds CSV header keys and keeps line numbers', async () => {
    const rows = await collect(
      readSourceRows(
        chunksOf('\uFEFFEmail Address,Suppression_Reason\nX@Example.com,HardBounce\n'),
      ),
    );
    expect(rows).toEqual([
      {
        line: 2,
        values: new Map([
          ['emailaddress', 'X@Example.com'],
          ['suppressionreason', 'HardBounce'],
        ]),
      },
    ]);
  });

  it('reads JSONL and reports a line that is not an object', async () => {
    const rows = await collect(
      readSourceRows(chunksOf('{"address":"a@example.com","tags":["x","y"]}\n', 'nope\n\n[1]\n')),
    );
    expect(rows).toEqual([
      {
        line: 1,
        values: new Map([
          ['address', 'a@example.com'],
          ['tags', 'x,y'],
        ]),
      },
      { line: 2, error: 'not a JSON object' },
      { line: 4, error: 'not a JSON object' },
    ]);
  });

  it('reads the rows of a SES ListSuppressedDestinations document', async () => {
    const document = JSON.stringify(
      {
        SuppressedDestinationSummaries: [
          { EmailAddress: 'a@example.com', Reason: 'BOUNCE', LastUpdateTime: 1717243200 },
        ],
        NextToken: 'x',
      },
      null,
      2,
    );
    const rows = await collect(readSourceRows(chunksOf(document)));
    expect(rows).toEqual([
      {
        line: 1,
        values: new Map([
          ['emailaddress', 'a@example.com'],
          ['reason', 'BOUNCE'],
          ['lastupdatetime', '1717243200'],
        ]),
      },
    ]);
  });

  it('refuses a JSON document without a list of rows', async () => {
    await expect(collect(readSourceRows(chunksOf('{"a": 1,\n"b": 2}')))).rejects.toMatchObject({
      code: 'IMPORT_MALFORMED',
    });
  });
});
