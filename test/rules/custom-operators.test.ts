import { describe, expect, it, vi } from "vitest";
import { compileRule, RuleError, type RuleEvaluationError } from "../../src/rules/index.js";

describe("custom operators, registered per compile", () => {
  it("json-logic-js style functions receive evaluated arguments and the data as `this`", () => {
    function plus10(this: unknown, value: number) {
      return value + 10;
    }
    const rule = compileRule({ plus10: [{ var: "n" }] }, { operators: { plus10: plus10 as never } });
    expect(rule({ n: 5 })).toBe(15);
    const thisOf = compileRule({ self: [] }, { operators: { self: function (this: unknown) { return this; } } });
    expect(thisOf({ a: 1 })).toEqual({ a: 1 });
  });

  it("definitions get arity checks, compile-time argument checks, the root data and folding", () => {
    const evaluate = vi.fn((args: readonly unknown[]) => (args[0] as string).repeat(args[1] as number));
    const repeat = {
      minArgs: 2,
      maxArgs: 2,
      pure: true,
      evaluate,
      checkArgs: (args: readonly { known: boolean; value: unknown }[]) =>
        args[1]?.known && typeof args[1].value !== "number" ? "count must be a number" : undefined,
    };
    const operators = { repeat };
    expect(() => compileRule({ repeat: ["a"] }, { operators })).toThrow(/"repeat" takes 2 arguments, got 1/);
    expect(() => compileRule({ repeat: ["a", "x"] }, { operators })).toThrow(/count must be a number/);
    const folded = compileRule({ repeat: ["ab", 2] }, { operators });
    expect(evaluate).toHaveBeenCalledTimes(1); // evaluated once, at compile time
    expect(folded({})).toBe("abab");
    expect(folded({})).toBe("abab");
    expect(evaluate).toHaveBeenCalledTimes(1);

    const rootAware = compileRule(
      { map: [{ var: "items" }, { tagged: [{ var: "" }] }] },
      { operators: { tagged: { evaluate: (args, scope) => `${String(args[0])}@${String((scope.root as { tag: string }).tag)}` } } },
    );
    expect(rootAware({ tag: "t", items: [1, 2] })).toEqual(["1@t", "2@t"]);
  });

  it("prepare(args) runs once per use with the compile-time arguments and returns that use's evaluate", () => {
    const prepare = vi.fn((args: readonly { known: boolean; value: unknown }[]) => {
      const factor = args[1]?.known ? (args[1].value as number) : undefined;
      return (values: readonly unknown[]) => (values[0] as number) * (factor ?? (values[1] as number));
    });
    const operators = { times: { minArgs: 2, maxArgs: 2, prepare } };
    const rule = compileRule({ "+": [{ times: [{ var: "n" }, 3] }, { times: [{ var: "n" }, { var: "m" }] }] }, { operators });
    expect(prepare).toHaveBeenCalledTimes(2);
    expect(prepare.mock.calls[0]?.[0]).toEqual([{ known: false, value: undefined }, { known: true, value: 3 }]);
    expect(rule({ n: 2, m: 5 })).toBe(16);
    expect(rule({ n: 1, m: 1 })).toBe(4);
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it("a prepare that throws, or returns no function, is a RuleError at the operator's path", () => {
    const throwing = { bad: { prepare: () => { throw new Error("window too long"); } } };
    expect(() => compileRule({ and: [true, { bad: [1] }] }, { operators: throwing })).toThrow(RuleError);
    try {
      compileRule({ and: [true, { bad: [1] }] }, { operators: throwing });
    } catch (error) {
      expect((error as RuleError).problems).toEqual([{ path: "/and/1", message: "\"bad\": window too long" }]);
    }
    expect(() => compileRule({ odd: [] }, { operators: { odd: { prepare: () => 42 as never } } })).toThrow(/prepare\(args\) must return a function/);
    expect(() => compileRule({ empty: [] }, { operators: { empty: {} as never } })).toThrow(/evaluate\(args, scope\) or prepare\(args\)/);
  });

  it("folding a pure operator never freezes or alters what the operator returned", () => {
    const shared = { tier: "gold", perks: ["lounge"] };
    const rule = compileRule({ merge: [[{ tier: [] }]] }, { operators: { tier: { pure: true, evaluate: () => shared } } });
    expect(rule({})).toEqual([shared]);
    expect(Object.isFrozen(shared)).toBe(false);
    expect(Object.isFrozen(shared.perks)).toBe(false);
  });

  it("an operator that throws stops only that evaluation: null, reported through onError", () => {
    const onError = vi.fn();
    const rule = compileRule({ or: [{ boom: [] }, true] }, { onError, operators: { boom: () => { throw new Error("kaput"); } } });
    expect(rule({})).toBeNull();
    const error = onError.mock.calls[0]?.[0] as RuleEvaluationError;
    expect(error.code).toBe("operator-threw");
    expect(error.path).toBe("/or/0");
    expect(error.message).toMatch(/kaput/);
  });

  it("a compiled rule can be called from inside its own custom operator", () => {
    const operators = { again: (n: number) => (n > 0 ? rule({ n: n - 1 }) : "done") };
    const rule = compileRule({ again: [{ var: "n" }] }, { operators: operators as never });
    expect(rule({ n: 3 })).toBe("done");
  });

  it("unknown operators still fail, and custom names cannot shadow built-ins", () => {
    expect(() => compileRule({ nope: [] }, { operators: { yes: () => 1 } })).toThrow(RuleError);
    expect(() => compileRule({ in: [] }, { operators: { in: () => 1 } })).toThrow(TypeError);
  });

  it("log is inert unless a log sink is given", () => {
    const spy = vi.spyOn(console, "log");
    expect(compileRule({ log: [{ var: "a" }] })({ a: 1 })).toBe(1);
    expect(spy).not.toHaveBeenCalled();
    const sink = vi.fn();
    expect(compileRule({ log: [{ var: "a" }] }, { log: sink })({ a: 2 })).toBe(2);
    expect(sink).toHaveBeenCalledWith(2);
    spy.mockRestore();
  });
});
