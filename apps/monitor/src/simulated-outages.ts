/**
 * @module `--sim-fail`: simulated outages to rehearse alerts. A simulated failure lasts through its
 * quick re-checks, like a short real outage, so that it is reported DOWN and then UP at any
 * failureThreshold; an independent failure per check would almost never be confirmed.
 */

/** Decides, check by check, which checks of which targets fail as simulated. */
export class SimulatedOutages {
  private readonly left = new Map<unknown, number>();

  /**
   * `startChance`: the chance that a check with no simulated outage going on starts one;
   * `length`: how many checks (the first included) it fails; `random` is Math.random by default.
   */
  constructor(
    private readonly startChance: number,
    private readonly length: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** True when this check of the target `key` fails as simulated. */
  fails(key: unknown): boolean {
    const left = this.left.get(key) ?? 0;
    if (left > 0) {
      if (left === 1) this.left.delete(key);
      else this.left.set(key, left - 1);
      return true;
    }
    if (this.random() >= this.startChance) return false;
    if (this.length > 1) this.left.set(key, this.length - 1);
    return true;
  }
}
