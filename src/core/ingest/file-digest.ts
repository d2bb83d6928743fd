// The SHA-256 of an imported file, fed by its reader with the bytes it reads (no second read of the file). The
// export manifest lists it per source file.
import { createHash } from 'node:crypto';

export class FileDigest {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private done: string | null = null;

  update(b: Uint8Array): void {
    this.hash.update(b);
    this.bytes += b.length;
  }

  /**
   * The digest computed elsewhere (the JSONL reader's parse worker hashes the chunks it parses, in file order, off
   * the writing thread): replaces what was fed here.
   */
  adopt(hex: string, bytes: number): void {
    this.done = hex;
    this.bytes = bytes;
  }

  /** The hex digest when the reader fed every byte of a file of `size` bytes, else null (a reader that reads in ranges). */
  hex(size: number): string | null {
    if (this.bytes !== size) return null;
    return this.done ?? this.hash.digest('hex');
  }
}
