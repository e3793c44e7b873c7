/** `true` when A and B accept the same values (each assignable to the other). */
export type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? true
    : false
  : false;
