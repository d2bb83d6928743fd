// The SHA-256 of an imported file, fed by its reader with the bytes it reads (no second read of the file). The
// export manifest lists it per source file.
import { createHash } from 'node:crypto';

export class FileDigest {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  update(b: Uint8Array): void {
    this.hash.update(b);
    this.bytes += b.length;
  }

  /** The hex digest when the reader fed every byte of a file of `size` bytes, else null (a reader that reads in ranges). */
  hex(size: number): string | null {
    return this.bytes === size ? this.hash.digest('hex') : null;
  }
}
