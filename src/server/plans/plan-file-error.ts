/** A plan file that cannot be read, with the Vietnamese words that say why. */
export class PlanFileError extends Error {}
