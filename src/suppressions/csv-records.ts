/**
 * A streaming RFC 4180 reader: text chunks in, one record (its fields and the line it starts
 * on) out, so an import of a million rows never holds more than one record. Quoted fields may
 * hold commas, doubled quotes and line breaks; CRLF and LF both end a record. A record longer
 * than `maxRecordChars` (an unbalanced quote swallowing the file) stops the read.
 */
import { AppError } from '../errors.js';

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export async function* readCsvRecords(
  chunks: AsyncIterable<string>,
  maxRecordChars = 1_048_576,
): AsyncGenerator<CsvRecord> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  // The quote just read inside a quoted field: either its end or the first of a doubled pair.
  let quotePending = false;
  let recordChars = 0;
  let line = 1;
  let startLine = 1;
  let afterCr = false;
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (afterCr) {
        afterCr = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (quoted) {
        if (quotePending) {
          quotePending = false;
          if (c === QUOTE) {
            field += '"';
            start = i + 1;
            continue;
          }
          quoted = false;
        } else {
          if (c === QUOTE) {
            field += chunk.slice(start, i);
            quotePending = true;
            start = i + 1;
          } else if (c === LF) line++;
          continue;
        }
      }
      if (c === QUOTE && field === '' && i === start) {
        quoted = true;
        start = i + 1;
      } else if (c === COMMA) {
        fields.push(field + chunk.slice(start, i));
        field = '';
        start = i + 1;
      } else if (c === LF || c === CR) {
        fields.push(field + chunk.slice(start, i));
        field = '';
        start = i + 1;
        if (c === CR) afterCr = true;
        if (!(fields.length === 1 && fields[0] === '')) yield { line: startLine, fields };
        fields = [];
        recordChars = 0;
        line++;
        startLine = line;
      }
    }
    // A chunk ending on a quote leaves quotePending set: the next chunk tells what it was.
    field += chunk.slice(start);
    recordChars += chunk.length - start;
    if (recordChars > maxRecordChars) {
      throw new AppError(
        'IMPORT_MALFORMED',
        `line ${startLine}: record longer than ${maxRecordChars} characters (unbalanced quote?)`,
      );
    }
  }
  if (quoted && !quotePending) {
    throw new AppError('IMPORT_MALFORMED', `line ${startLine}: quoted field not closed`);
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) yield { line: startLine, fields };
  }
}
