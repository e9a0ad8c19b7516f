// int and float meet as float: a variable, a parameter, a result and a field that see both.

class Account {
  balance = 0;

  deposit(amount: number): void {
    this.balance += amount;
  }
}

function half(n: number): number {
  return n / 2;
}

function pick(flag: boolean): number {
  return flag ? 1 : 2.5;
}

export function main(argv: string[]): number {
  let x = 1;
  if (argv.length > 1) x = 0.5;
  const account = new Account();
  account.deposit(10);
  account.deposit(half(3));
  const total = x + pick(argv.length === 0) + account.balance;
  return total > 3 ? 1 : 0;
}
/* ==== annotate
int-float-union.ts:3 class Account
  balance: float
int-float-union.ts:3 Account.constructor() -> void
int-float-union.ts:6 Account.deposit(amount: float) -> void
int-float-union.ts:11 half(n: int) -> float
int-float-union.ts:15 pick(flag: bool) -> float
int-float-union.ts:19 main(argv: string[]) -> int
*/
