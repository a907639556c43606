/**
 * Concurrent one-statement writes of the same shape, sent as ONE statement (decision 029).
 *
 * An audited write is one statement and its own commit. Under load most of what PostgreSQL spends on it
 * is per statement, not per row: the executor's start (opening three tables and their indexes, compiling
 * every CHECK constraint from its stored text), the plan-cache check, the commit's WAL flush; and on the
 * server, one socket write and one protocol round per statement. When writes of the same shape arrive
 * together, they go as one multi-row statement: one executor start, one commit for all.
 *
 * No write waits for a batch to fill. A write is queued, and the queue is sent when the event loop has
 * read the requests at hand (`setImmediate`), or as soon as a slot frees up while `maxInFlight` batches are
 * already running: quiet, a batch is one write sent at once; busy, the writes that arrived during a commit
 * share the next one. A slot frees up when the database answers, before the answers go back to the clients,
 * so the database works on the next statement while the server writes the responses of the last.
 *
 * All or nothing per statement: if the database refuses a statement of several (a constraint, a value, a
 * deadlock: it rolled back), each of its writes is sent again alone, so the write it refused fails by itself
 * and the others still commit. Any other failure (the connection lost: the statement may or may not have
 * committed) fails every write in it, as it would have failed one write alone; nothing is sent twice.
 * Nothing is acknowledged before its statement has committed.
 */
export interface BatchOptions<I> {
  /** Most writes in one statement. */
  readonly maxBatch: number;
  /** Most statements of this shape running at once (each holds a pool connection). */
  readonly maxInFlight: number;
  /** Two writes that must not share a statement (e.g. the same session's version check): the later waits. */
  readonly conflictKey?: (item: I) => string;
}

interface Pending<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Errors PostgreSQL reports for a statement it rolled back: data exceptions (22), integrity constraint
 * violations (23), transaction rollbacks such as deadlocks (40), syntax or access rule violations (42).
 */
export function refusedByDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|40|42)/.test(code);
}

export class StatementBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private inFlight = 0;
  private scheduled = false;

  /** `run` sends the items as one statement and answers one result per item, in order. */
  constructor(
    private readonly run: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly options: BatchOptions<I>,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.take();
      this.inFlight++;
      let running = true;
      const done = (): void => {
        if (!running) return;
        running = false;
        this.inFlight--;
        this.flush();
      };
      void this.send(batch, done).finally(done);
    }
  }

  /** The oldest writes, up to maxBatch, skipping any that conflicts with one already taken (it stays queued). */
  private take(): Pending<I, O>[] {
    const { maxBatch, conflictKey } = this.options;
    if (!conflictKey) return this.queue.splice(0, maxBatch);
    const taken: Pending<I, O>[] = [];
    const left: Pending<I, O>[] = [];
    const keys = new Set<string>();
    for (const pending of this.queue) {
      const key = conflictKey(pending.item);
      if (taken.length < maxBatch && !keys.has(key)) {
        keys.add(key);
        taken.push(pending);
      } else left.push(pending);
    }
    this.queue = left;
    return taken;
  }

  /** `done` frees the statement's slot: called as soon as the database has answered, before the writes are. */
  private async send(batch: readonly Pending<I, O>[], done: () => void): Promise<void> {
    try {
      const results = await this.run(batch.map((p) => p.item));
      // The next statement goes to the database first; these answers are then written while it runs.
      done();
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1 || !refusedByDatabase(error)) {
        for (const p of batch) p.reject(error);
        return;
      }
      // One refused write must not take the others with it: each again, alone.
      await Promise.all(batch.map((p) => this.send([p], () => undefined)));
    }
  }
}
