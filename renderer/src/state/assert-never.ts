// Exhaustiveness for switches over discriminated unions: a new case fails to compile here.
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
