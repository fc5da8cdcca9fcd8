/** A backup or restore refused or failed, with a sentence for the administrator. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}
