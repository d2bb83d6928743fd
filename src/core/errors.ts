// Errors that are a person's mistake, not a crash. The engine sends them as typed JSON-RPC errors (InvalidInput,
// NotFound) with the file and line when known, and the extension shows them as plain warnings.

export interface ErrorPlace { file?: string; line?: number }

/** The request or its file is wrong: fix the input and try again. */
export class InvalidInputError extends Error {
  constructor(message: string, readonly place: ErrorPlace = {}) {
    super(message);
  }
}

/** What the request names (a sample, a data set, a file) does not exist. */
export class NotFoundError extends Error {
  constructor(message: string, readonly place: ErrorPlace = {}) {
    super(message);
  }
}
