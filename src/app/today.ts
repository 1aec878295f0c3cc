import { vietnamDateOf } from '../shared/format';

/** Today's local date in Vietnam, whatever zone the phone is set to. */
export function today(): string {
  return vietnamDateOf(new Date());
}
