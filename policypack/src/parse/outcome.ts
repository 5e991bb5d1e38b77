// Every parser answers with one of three outcomes, so no input can fall between the cracks:
// recognised (a value the rules understand), ignored (not ours: silently skipped) or reported
// (ours but unusable: the user gets a message saying why and how to fix it).

export type Outcome<T> = { kind: "recognised"; value: T } | { kind: "ignored" } | { kind: "reported"; problem: string };

export const recognised = <T>(value: T): Outcome<T> => ({ kind: "recognised", value });
export const ignored = <T>(): Outcome<T> => ({ kind: "ignored" });
export const reported = <T>(problem: string): Outcome<T> => ({ kind: "reported", problem });
