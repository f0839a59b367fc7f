import ts from "typescript";

/**
 * Every question the TypeScript rules ask the type checker, in one small module. The rules
 * never touch `ts.TypeChecker` themselves, so a backend for TypeScript 7 (the Go port, with
 * its own API) only has to answer these few questions.
 */
export interface TypeQuestions {
  /** The expression's value is a Promise or any other thenable (a `then` taking a callback), in some union member. */
  isThenable(expression: ts.Expression): boolean;
  /** The expression's value is an array or tuple whose elements are thenables (`items.map(async …)`). */
  isThenableArray(expression: ts.Expression): boolean;
  /**
   * The members of the expression's type (each union member) that can be awaited: "promise" for the
   * global `Promise` and what derives from it (a class extending it, an interface extending it,
   * an intersection holding it), "thenable" for any other `then` taking a callback (`PromiseLike`,
   * a fluent reply or query builder). Empty when nothing in it can be awaited.
   */
  awaitableParts(expression: ts.Expression): AwaitablePart[];
  /** The same for the elements of an array or tuple (`items.map(async …)`). */
  awaitableElementParts(expression: ts.Expression): AwaitablePart[];
  /** What a call calls, by its declaration (the overload TypeScript picked): name, enclosing declarations and module. */
  callTarget(call: ts.CallExpression): DeclarationOrigin | undefined;
  /** The function a call runs when its body is in the program's own sources (not a declaration file): the overload TypeScript picked. */
  implementationOf(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined;
  /** The name is declared outside `scope` (a module or closure variable, an import), so what it holds outlives a run of `scope`. */
  isDeclaredOutside(identifier: ts.Identifier, scope: ts.Node): boolean;
  /**
   * What the expression, a function (literal or reference), returns that can be awaited, as
   * `awaitableParts` tells it; empty unless every call signature returns something awaitable.
   */
  returnedAwaitableParts(expression: ts.Expression): AwaitablePart[];
  /**
   * Whether a name may hold a function, judged from its declaration without computing types:
   * false for data (`host: string`, `const n = 5`, a `for…of` variable, an unannotated parameter of a callback).
   */
  mayHoldFunction(identifier: ts.Identifier): boolean;
  /** The slot the expression is passed to expects a function whose result is ignored (`=> void`). */
  expectsVoidCallback(expression: ts.Expression): boolean;
  /** The expression's value is an array or tuple, so `for…of` visits the same elements as `forEach`. */
  isArray(expression: ts.Expression): boolean;
  /**
   * The value is an object with methods (a client, connection, pool, page, transaction), so that two
   * calls handed it share it; not a module namespace, an array, a function or plain data.
   */
  isServiceObject(expression: ts.Expression): boolean;
  /** What a `const` name is bound to as written: `const c = this.client` gives `this.client`, `const { query } = pool` gives `pool` (destructured). */
  constBinding(identifier: ts.Identifier): ConstBinding | undefined;
  /** Where a local name comes from when it is bound by an import or a `require`: module and exported name ("*" for the module itself). */
  importOrigin(identifier: ts.Identifier): ImportOrigin | undefined;
  /** The name means a declaration from a library's type definitions (`Date`, `Atomics`, `performance`), not a local one. */
  isLibraryName(identifier: ts.Identifier): boolean;
  /**
   * Whether the types at this place say when a value may be null or undefined: `strictNullChecks`
   * is on, and the file is not JavaScript (which types a field by its first value, so
   * `ready = Promise.resolve()` stays a promise after `this.ready = null`). Otherwise `Promise<T>`
   * also describes a name that holds null at run time: a type alone proves no value is a promise,
   * a call that returns one does.
   */
  tracksNullability(at: ts.Node): boolean;
  /** Every member of the expression's type can be awaited, as `awaitableParts` tells it: not a union with `undefined` or a plain value, never `any`. */
  isAlwaysAwaitable(expression: ts.Expression): boolean;
  /**
   * The expression's value is certainly no thenable, so `await` on it only gives up a turn: each
   * member of its type is a primitive, a function, an array or an object type without a `then`
   * member or index signature. Never for `any`, `unknown`, `void` (a `() => void` slot may hold an
   * async function), `never`, `object` or `{}`, generic mapped types, or a type parameter unless its
   * constraint is made of primitives.
   */
  isCertainlyNotThenable(expression: ts.Expression): boolean;
  /** Every member of the expression's type (null and undefined aside) is an array or tuple, also branded (`string[] & { sorted: true }`): its `filter`, `find`, `some`, `every` are the array's. */
  isArrayValue(expression: ts.Expression): boolean;
  /**
   * What the expression, a promise, settles to, as far as writing `await` before it goes: "object"
   * when every member is an object (a spread `{ ...(await p) }` copies its properties), "void" when
   * it is `void` (no condition may test it), "value" otherwise.
   */
  awaitedValue(expression: ts.Expression): "object" | "void" | "value";
  /**
   * The expression may be a function, as far as its type tells: every member has a call signature,
   * or is `any`/`unknown` (untyped code gives no evidence that it is not). `undefined`, `null`, a
   * number, or `string | (() => void)` are not: passed as a rejection handler they handle nothing.
   */
  mayBeFunction(expression: ts.Expression): boolean;
  /**
   * The object literal's contextual type gives this member (a method `async read() {}` or a
   * shorthand `{ handler }`) a function type that returns `void`, in every union member that has
   * it, and none of them accepts a returned promise (see `expectsVoidCallback`).
   */
  expectsVoidMember(member: ts.MethodDeclaration | ts.ShorthandPropertyAssignment): boolean;
  /**
   * Another function member of the object literal's contextual type accepts a returned promise
   * (`handler: () => void | Promise<unknown>` beside `errorHandler: () => void`): the library
   * takes async callbacks in that object, so its `void` beside them is more likely loose typing
   * than a promise it drops (a web framework awaits a thenable its error handler returns).
   */
  siblingAcceptsPromise(member: ts.ObjectLiteralElementLike): boolean;
  /** What a function, method or signature declaration returns that can be awaited, read from its own signature (as `returnedAwaitableParts`). */
  declaredReturnAwaitableParts(declaration: ts.SignatureDeclaration): AwaitablePart[];
  /**
   * The types a class or interface extends or implements that declare this member (by name) as a
   * function returning `void`, and do not also accept a returned promise: their names, as written.
   */
  voidBaseMembers(member: ts.ClassElement | ts.TypeElement): string[];
  /**
   * A spread argument (`consume(...callbacks)`) holds functions returning promises (real ones, as
   * `returnedAwaitableParts` gives them) and every overload takes them in slots whose functions
   * return `void`.
   */
  spreadsIntoVoidSlots(spread: ts.SpreadElement): AwaitablePart[];
  /**
   * A function with a promise form and a callback form (`close(): Promise<void>` beside
   * `close(done: () => void): void`) passed where it is called back with arguments none of which
   * is a function (`setTimeout(server.close)`): the promise form is the one that runs. The awaitable
   * parts of that form's result, or none.
   */
  lostPromiseForm(expression: ts.Expression): AwaitablePart[];
  /**
   * An object (not a function) stored where its type is read (`const d: Disposable = resource`,
   * `using handle = resource`): the names of its methods that return promises (real ones) where that
   * type declares them to return `void`.
   */
  asyncMembersWhereVoid(value: ts.Expression): string[];
  /** The value's `[Symbol.dispose]` method returns a real promise (a `using` declaration calls it and does not wait). */
  disposeReturnsPromise(value: ts.Expression): boolean;
  /**
   * Every signature of the function value takes as many arguments as its slot passes (the slot's
   * parameter count, or a rest parameter of its own), so `(...args) => { void f(...args); }` in its
   * place type-checks as the value did.
   */
  takesSlotArguments(value: ts.Expression): boolean;
  /**
   * The project's own plain function a call runs, as the checker resolves the called name (through
   * import aliases and re-exports): a function declaration, a method (`this.m()`, `obj.m()`) or a
   * `const` bound to an arrow or function expression, whose one declaration with a body is in a
   * source file of the program (not a declaration file, not an installed package). Undefined for an
   * async function or a generator (calling one runs nothing to its end) and whenever the name has
   * several bodies (a union's members) or is merged with something else.
   */
  syncHelperOf(call: ts.CallExpression): SyncHelper | undefined;
  /** One object per program (its checker): the key of caches whose answers hold for the whole program. */
  readonly programKey: object;
}

/** A function of the project's own code that a call runs to its end. */
export type SyncHelper = (ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression) & { body: ts.ConciseBody };

export interface ConstBinding {
  value: ts.Expression;
  /** The name is one of the properties taken apart from `value` (`const { query } = pool`). */
  destructured: boolean;
}

export interface ImportOrigin {
  /** The module specifier as written: `fs`, `node:fs`, `child_process`. */
  module: string;
  /** The exported name, or "*" when the binding is the whole module (`import * as fs`, `import fs`, `const fs = require("fs")`). */
  name: string;
  /** How it was bound: ES import syntax or CommonJS `require`. */
  via: "import" | "require";
}

/** Where a declaration (of a function, method or type) is, as far as naming it in settings goes. */
export interface DeclarationOrigin {
  /** Its declared name (`register`, `Promise`); undefined for a call signature (`interface TestFn { (…): void }`). */
  name?: string;
  /** The classes, interfaces and namespaces around it, innermost first (`["FastifyInstance"]`, `["TestContext", "test"]`). */
  containers: string[];
  /**
   * The module declaring it: the name of `declare module "node:test"` around it, else the package
   * whose files hold it (`node_modules/fastify/…` is `fastify`, `node_modules/@types/mocha/…` is
   * `mocha`); undefined for the workspace's own code and for TypeScript's default library.
   */
  module?: string;
}

/** A member of a type that can be awaited, with the declarations that name it (the type, its alias, an intersection's members). */
export interface AwaitablePart {
  kind: "promise" | "thenable";
  names: DeclarationOrigin[];
}

/** Subclasses found per program (its checker) and base class: see `mayBeOverridden`. */
const subclassesByChecker = new WeakMap<ts.TypeChecker, WeakMap<ts.ClassLikeDeclaration, ts.ClassLikeDeclaration[] | undefined>>();

/** `program` tells TypeScript's own library apart from other declarations (the global `Promise`); without it, by file name. */
export function checkerQuestions(checker: ts.TypeChecker, program?: ts.Program): TypeQuestions {
  const isDefaultLibrary = (file: ts.SourceFile): boolean => (program ? program.isSourceFileDefaultLibrary(file) : isLibraryFileName(file));
  function unionParts(type: ts.Type): readonly ts.Type[] {
    return type.isUnion() ? type.types : [type];
  }

  function typeIsThenable(type: ts.Type, at: ts.Node): boolean {
    for (const part of unionParts(checker.getApparentType(type))) {
      const then = part.getProperty("then");
      if (!then) continue;
      const thenType = checker.getTypeOfSymbolAtLocation(then, at);
      for (const thenPart of unionParts(thenType)) {
        // A thenable's `then` takes a callback as its first parameter.
        for (const signature of thenPart.getCallSignatures()) {
          const first = signature.parameters[0];
          if (!first) continue;
          const firstType = checker.getTypeOfSymbolAtLocation(first, at);
          if (unionParts(firstType).some((t) => t.getCallSignatures().length > 0)) return true;
        }
      }
    }
    return false;
  }

  /**
   * The declared type of the property an access reads (`obj.session`), beside the type TypeScript
   * narrows it to: after `obj.session = 0` the access is typed `0`, but the property may be an
   * accessor whose getter returns something else.
   */
  function declaredPropertyType(expression: ts.Expression): ts.Type | undefined {
    let inner = expression;
    while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isNonNullExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
    const name = ts.isPropertyAccessExpression(inner) ? inner.name : ts.isElementAccessExpression(inner) ? inner.argumentExpression : undefined;
    const property = name && checker.getSymbolAtLocation(name);
    return property && property.flags & (ts.SymbolFlags.Property | ts.SymbolFlags.Accessor) ? checker.getTypeOfSymbol(property) : undefined;
  }

  /**
   * Whether the expression is a call of a function (or method) whose every declaration is `async`
   * or is written to return `Promise<…>` / `PromiseLike<…>`: resolving the callee's name is enough,
   * where the call's own type would need its arguments checked and its overloads chosen.
   */
  function calleeDeclaresPromise(expression: ts.Expression): boolean {
    let inner = expression;
    while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isNonNullExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
    if (!ts.isCallExpression(inner)) return false;
    const callee = inner.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
    const declarations = name && checker.getSymbolAtLocation(name)?.declarations;
    if (!declarations || declarations.length === 0) return false;
    return declarations.every((declaration) => {
      const fn = ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isArrowFunction(declaration.initializer) ? declaration.initializer : declaration;
      if (!ts.isFunctionLike(fn)) return false;
      if (ts.canHaveModifiers(fn) && ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) && !(fn as ts.FunctionLikeDeclaration).asteriskToken) return true;
      const written = fn.type;
      return !!written && ts.isTypeReferenceNode(written) && ts.isIdentifier(written.typeName) && (written.typeName.text === "Promise" || written.typeName.text === "PromiseLike");
    });
  }

  /** Whether JavaScript files are type-checked in this program, so that their JSDoc annotations had to match the code. */
  const checksJavaScript = (file: ts.SourceFile): boolean => !!program?.getCompilerOptions().checkJs || /^[ \t]*\/\/[ \t]*@ts-check\b/m.test(file.text.slice(0, 2000));

  /**
   * A call whose declared return type proves nothing about the value: the callee is an async
   * function (it returns a promise whatever its annotation says), or its return type is a JSDoc
   * annotation in JavaScript nobody type-checks (`@returns {ESLint}` on an async method).
   */
  function returnTypeIsNoEvidence(expression: ts.Expression): boolean {
    let inner = expression;
    while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isNonNullExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
    if (!ts.isCallExpression(inner) && !ts.isNewExpression(inner)) return false;
    const declaration = checker.getResolvedSignature(inner)?.declaration;
    if (!declaration || ts.isJSDocSignature(declaration)) return false;
    const isAsync = ts.canHaveModifiers(declaration) && (ts.getModifiers(declaration)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
    if (isAsync) return true;
    const file = declaration.getSourceFile();
    return isJavaScriptSource(file) && !checksJavaScript(file) && ts.getJSDocReturnType(declaration) !== undefined;
  }

  function isArrayLike(type: ts.Type): boolean {
    return checker.isArrayType(type) || checker.isTupleType(type);
  }

  /** A class instance or interface with a method, which is how clients, pools and pages look; a module namespace is not one. */
  function isServiceType(type: ts.Type): boolean {
    if (!(type.flags & ts.TypeFlags.Object) || type.getCallSignatures().length > 0 || isArrayLike(type)) return false;
    if ((type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.ValueModule) return false;
    return type.getProperties().some((property) => {
      if (property.flags & ts.SymbolFlags.Method) return true;
      const declaration = property.valueDeclaration;
      return !!declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) && !!declaration.type && ts.isFunctionTypeNode(declaration.type);
    });
  }

  function returnIsVoid(signature: ts.Signature): boolean {
    const parts = unionParts(checker.getReturnTypeOfSignature(signature));
    return parts.some((t) => (t.flags & ts.TypeFlags.Void) !== 0) && parts.every((t) => (t.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) !== 0);
  }

  /**
   * Whether a slot may take a function whose result is used: a member of its type is `any` or
   * `unknown`, or a function type returning something other than `void` (`Promise<void>`,
   * `unknown`, `void | Promise<void>`). Members that are not functions (`undefined`, a string,
   * the bare `Function` interface, an options object) say nothing either way.
   */
  function acceptsAsyncCallback(type: ts.Type): boolean {
    return unionParts(type).some((part) => (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 || part.getCallSignatures().some(returnAcceptsPromise));
  }

  /**
   * Whether a promise may be what the signature returns: its return type has a member that is
   * `any`, `unknown`, `object`, `{}`, a type parameter, or thenable. `void`, `undefined`, a number,
   * a boolean or an object without `then` are no place for one (`(name, fn: () => number)` beside
   * `(name, fn: () => void)` takes no async function either).
   */
  function returnAcceptsPromise(signature: ts.Signature): boolean {
    return unionParts(checker.getReturnTypeOfSignature(signature)).some((part) => {
      if (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive | ts.TypeFlags.Instantiable)) return true;
      if (!(part.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) return false;
      const isEmptyObject = part.getProperties().length === 0 && part.getCallSignatures().length === 0 && part.getConstructSignatures().length === 0 && checker.getIndexInfosOfType(part).length === 0;
      // An intersection (`Promise<T> & { cancel(): void }`) has the `then` of its members.
      return isEmptyObject || checker.getPropertyOfType(part, "then") !== undefined;
    });
  }

  /**
   * A slot's type wants a function returning `void`: a member has a call signature returning
   * `void` and none accepts a promise. A slot typed to return something else (`=> Request`,
   * `=> never`) where a promise is given is a type mismatch the compiler was told to accept
   * (`as`, `@ts-expect-error`), not a dropped promise.
   */
  function isVoidFunctionSlot(type: ts.Type): boolean {
    return !acceptsAsyncCallback(type) && unionParts(type).some((part) => part.getCallSignatures().some(returnIsVoid));
  }

  /** The type a member of the given name has in a type: a property, else (for a name that is no symbol's) its string index signature. */
  function memberType(type: ts.Type, name: ts.__String, at: ts.Node): ts.Type | undefined {
    const apparent = checker.getApparentType(type);
    const property = apparent.getProperties().find((candidate) => candidate.escapedName === name);
    if (property) return checker.getTypeOfSymbolAtLocation(property, at);
    if ((name as string).startsWith("__@")) return undefined;
    return checker.getIndexInfosOfType(apparent).find((info) => info.keyType.flags & ts.TypeFlags.String)?.type;
  }

  function promiseFunctionParts(type: ts.Type, at: ts.Node): AwaitablePart[] {
    const signatures = unionParts(type).flatMap((part) => part.getCallSignatures());
    const parts: AwaitablePart[] = [];
    for (const signature of signatures) {
      const returned = awaitablePartsOf(checker, checker.getReturnTypeOfSignature(signature), isDefaultLibrary, (part) => typeIsThenable(part, at));
      if (returned.length === 0) return [];
      parts.push(...returned);
    }
    return parts;
  }

  /** The type each overload of the callee (each member of a union callee) gives the argument at `index`; rest parameters give their element type. */
  function parameterTypesAt(call: ts.CallExpression | ts.NewExpression, index: number): ts.Type[] {
    const types: ts.Type[] = [];
    // The overload TypeScript picked is read as instantiated (`useCallback<() => void>(fn)`), the others by their constraints.
    let resolved: ts.Signature | undefined | null = null;
    for (const part of unionParts(checker.getTypeAtLocation(call.expression))) {
      for (const declared of ts.isCallExpression(call) ? part.getCallSignatures() : part.getConstructSignatures()) {
        let signature = declared;
        if (declared.typeParameters?.length) {
          if (resolved === null) resolved = checker.getResolvedSignature(call);
          if (resolved && resolved.declaration === declared.declaration) signature = resolved;
        }
        const parameters = signature.getParameters();
        const last = parameters[parameters.length - 1];
        const lastDeclaration = last?.valueDeclaration;
        const restAt = lastDeclaration && ts.isParameter(lastDeclaration) && lastDeclaration.dotDotDotToken ? parameters.length - 1 : -1;
        let type: ts.Type | undefined;
        if (restAt >= 0 && index >= restAt) {
          const rest = checker.getTypeOfSymbolAtLocation(last, call);
          const elements = checker.isArrayType(rest) || checker.isTupleType(rest) ? checker.getTypeArguments(rest as ts.TypeReference) : [];
          if (checker.isTupleType(rest) && index - restAt >= elements.length && !((rest as ts.TypeReference).target as ts.TupleType).hasRestElement) {
            continue; // a fixed tuple (`...args: []`) takes no argument there
          }
          type = checker.isTupleType(rest) ? elements[Math.min(index - restAt, elements.length - 1)] : elements[0];
          // A rest parameter typed otherwise (a generic tuple) says nothing we can read: take it as accepting.
          if (!type) return [checker.getUnknownType()];
        } else if (index < parameters.length) {
          type = checker.getTypeOfSymbolAtLocation(parameters[index], call);
        } else {
          continue; // this overload takes no argument there, so it is not the one the call means
        }
        // An overload TypeScript did not pick is not instantiated: read a generic parameter by its constraint.
        if (type.flags & ts.TypeFlags.Instantiable) type = checker.getBaseConstraintOfType(type) ?? checker.getUnknownType();
        types.push(type);
      }
    }
    return types;
  }

  /**
   * Whether a class of the program's own sources extends `base` (directly or further down) and
   * declares a member named `name`; assumed without the program or for a computed name.
   */
  function mayBeOverridden(base: ts.ClassLikeDeclaration, name: ts.PropertyName): boolean {
    // `#m` is not seen by subclasses.
    if (ts.isPrivateIdentifier(name)) return false;
    if (!program || !(ts.isIdentifier(name) || ts.isStringLiteral(name))) return true;
    const member = name.text;
    const seen = new Set<ts.ClassLikeDeclaration>();
    const overrides = (cls: ts.ClassLikeDeclaration): boolean => {
      if (seen.has(cls)) return false;
      seen.add(cls);
      const subclasses = subclassesOf(cls, program);
      if (!subclasses) return true;
      return subclasses.some((sub) => sub.members.some((m) => m.name !== undefined && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) && m.name.text === member) || overrides(sub));
    };
    return overrides(base);
  }

  /**
   * The classes of the program's own sources whose `extends` names `base` (undefined when `base`
   * has no name to find it by); files that never spell the name are not walked. Once per program.
   */
  function subclassesOf(base: ts.ClassLikeDeclaration, program: ts.Program): ts.ClassLikeDeclaration[] | undefined {
    let cache = subclassesByChecker.get(checker);
    if (!cache) subclassesByChecker.set(checker, (cache = new WeakMap()));
    if (cache.has(base)) return cache.get(base);
    const baseSymbol = base.name ? checker.getSymbolAtLocation(base.name) : undefined;
    let found: ts.ClassLikeDeclaration[] | undefined;
    if (base.name && baseSymbol) {
      const baseName = base.name.text;
      found = [];
      for (const file of program.getSourceFiles()) {
        if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file) || !file.text.includes(baseName)) continue;
        const visit = (node: ts.Node): void => {
          const heritage = ts.isClassLike(node) ? node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0] : undefined;
          if (heritage) {
            let symbol = checker.getSymbolAtLocation(heritage.expression);
            if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
            // `extends mixin(Base)` names no class the checker resolves: it may be one.
            if (symbol === baseSymbol || (!symbol && heritage.expression.getText(file).includes(baseName))) found!.push(node as ts.ClassLikeDeclaration);
          }
          ts.forEachChild(node, visit);
        };
        visit(file);
      }
    }
    cache.set(base, found);
    return found;
  }

  return {
    isThenable(expression) {
      return typeIsThenable(checker.getTypeAtLocation(expression), expression);
    },

    awaitableParts(expression) {
      return awaitablePartsOf(checker, checker.getTypeAtLocation(expression), isDefaultLibrary, (part) => typeIsThenable(part, expression));
    },

    awaitableElementParts(expression) {
      // The apparent type reads a type parameter by its constraint (`T extends Promise<number>[]`).
      return unionParts(checker.getTypeAtLocation(expression))
        .map((part) => (part.flags & ts.TypeFlags.Instantiable ? checker.getApparentType(part) : part))
        .filter(isArrayLike)
        .flatMap((part) => checker.getTypeArguments(part as ts.TypeReference))
        .flatMap((element) => awaitablePartsOf(checker, element, isDefaultLibrary, (member) => typeIsThenable(member, expression)));
    },

    callTarget(call) {
      const declaration = checker.getResolvedSignature(call)?.declaration;
      if (!declaration || ts.isJSDocSignature(declaration)) return undefined;
      return declarationOrigin(declaration, isDefaultLibrary);
    },

    implementationOf(call) {
      const declaration = checker.getResolvedSignature(call)?.declaration;
      if (!declaration || ts.isJSDocSignature(declaration) || !ts.isFunctionLike(declaration)) return undefined;
      const implementation = declaration as ts.FunctionLikeDeclaration;
      return implementation.body && !implementation.getSourceFile().isDeclarationFile ? implementation : undefined;
    },

    isDeclaredOutside(identifier, scope) {
      const declarations = checker.getSymbolAtLocation(identifier)?.declarations;
      if (!declarations || declarations.length === 0) return false;
      const file = scope.getSourceFile();
      return declarations.every((declaration) => declaration.getSourceFile() !== file || declaration.end <= scope.pos || declaration.pos >= scope.end);
    },

    isThenableArray(expression) {
      const type = checker.getTypeAtLocation(expression);
      return unionParts(type).some(
        (part) => isArrayLike(part) && checker.getTypeArguments(part as ts.TypeReference).some((element) => typeIsThenable(element, expression)),
      );
    },

    returnedAwaitableParts(expression) {
      return promiseFunctionParts(checker.getTypeAtLocation(expression), expression);
    },

    mayHoldFunction(identifier) {
      const declaration = checker.getSymbolAtLocation(identifier)?.declarations?.[0];
      return declaration !== undefined && declarationMayHoldFunction(declaration);
    },

    expectsVoidCallback(expression) {
      const expected = checker.getContextualType(expression);
      if (!expected || !isVoidFunctionSlot(expected)) return false;
      // TypeScript takes the first overload that fits, and an async function fits `=> void`: a
      // later overload (`register(plugin: (app) => Promise<void>)`) that takes it as meant counts too.
      const call = expression.parent;
      if (!ts.isCallExpression(call) && !ts.isNewExpression(call)) return true;
      const index = call.arguments?.indexOf(expression) ?? -1;
      if (index < 0 || call.arguments!.slice(0, index).some(ts.isSpreadElement)) return true;
      return !parameterTypesAt(call, index).some(acceptsAsyncCallback);
    },

    isArray(expression) {
      const type = checker.getTypeAtLocation(expression);
      const parts = unionParts(checker.getNonNullableType(type));
      return parts.length > 0 && parts.every(isArrayLike);
    },

    isServiceObject(expression) {
      return unionParts(checker.getNonNullableType(checker.getTypeAtLocation(expression))).some(isServiceType);
    },

    constBinding(identifier) {
      const declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
      if (!declaration || (!ts.isVariableDeclaration(declaration) && !ts.isBindingElement(declaration))) return undefined;
      const variable = ts.isBindingElement(declaration) ? ts.walkUpBindingElementsAndPatterns(declaration) : declaration;
      if (!ts.isVariableDeclaration(variable) || !variable.initializer || !(ts.getCombinedNodeFlags(variable) & ts.NodeFlags.Const)) return undefined;
      return { value: variable.initializer, destructured: variable !== declaration };
    },

    importOrigin(identifier) {
      const symbol = checker.getSymbolAtLocation(identifier);
      const declaration = symbol?.declarations?.[0];
      return declaration ? originOfDeclaration(declaration) : undefined;
    },

    isLibraryName(identifier) {
      const declarations = checker.getSymbolAtLocation(identifier)?.declarations;
      // Unresolved (no type definitions loaded, as in plain JavaScript) still means the global.
      if (!declarations || declarations.length === 0) return true;
      return declarations.every((declaration) => declaration.getSourceFile().isDeclarationFile);
    },

    tracksNullability(at) {
      const options = program?.getCompilerOptions();
      return !!options && (options.strictNullChecks ?? options.strict ?? false) && !isJavaScriptSource(at.getSourceFile());
    },

    isAlwaysAwaitable(expression) {
      const alwaysAwaitable = (type: ts.Type): boolean => {
        if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
        const members = unionParts(checker.getApparentType(type));
        return members.length > 0 && members.every((member) => awaitablePartsOf(checker, member, isDefaultLibrary, (part) => typeIsThenable(part, expression)).length > 0);
      };
      const declared = declaredPropertyType(expression);
      return alwaysAwaitable(checker.getTypeAtLocation(expression)) && (!declared || alwaysAwaitable(declared));
    },

    isCertainlyNotThenable(expression) {
      // Most awaited calls call something declared to return a promise: read that from the declaration, not by checking the call.
      if (calleeDeclaresPromise(expression) || returnTypeIsNoEvidence(expression)) return false;
      // JavaScript types a name or field by its first value: `#pending = null` stays `null` after a promise is stored in it.
      const nullMeansUnknown = isJavaScriptSource(expression.getSourceFile());
      if (!certainlyNotThenable(checker, checker.getTypeAtLocation(expression), nullMeansUnknown, new Set())) return false;
      const declared = declaredPropertyType(expression);
      return !declared || certainlyNotThenable(checker, declared, nullMeansUnknown, new Set());
    },

    isArrayValue(expression) {
      const parts = unionParts(checker.getNonNullableType(checker.getTypeAtLocation(expression)));
      return parts.length > 0 && parts.every((part) => (part.isIntersection() ? part.types : [part]).some(isArrayLike));
    },

    mayBeFunction(expression) {
      const mayBe = (type: ts.Type): boolean => {
        if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
        if (type.flags & ts.TypeFlags.Instantiable) {
          const constraint = checker.getBaseConstraintOfType(type);
          return !constraint || constraint === type || mayBe(constraint);
        }
        return type.getCallSignatures().length > 0;
      };
      return unionParts(checker.getTypeAtLocation(expression)).every(mayBe);
    },

    expectsVoidMember(member) {
      const object = member.parent;
      if (!ts.isObjectLiteralExpression(object)) return false;
      // A computed name (`[Symbol.dispose]`) has no symbol of its own: find the property this member declares.
      const symbol = checker.getSymbolAtLocation(member.name) ?? checker.getTypeAtLocation(object).getProperties().find((property) => property.declarations?.includes(member));
      const contextual = checker.getContextualType(object);
      if (!symbol || !contextual) return false;
      const slots = unionParts(contextual).flatMap((part) => {
        const type = memberType(part, symbol.escapedName, member);
        return type ? [type] : [];
      });
      return slots.length > 0 && slots.every(isVoidFunctionSlot);
    },

    siblingAcceptsPromise(member) {
      const object = member.parent;
      if (!ts.isObjectLiteralExpression(object) || !member.name) return false;
      const contextual = checker.getContextualType(object);
      if (!contextual) return false;
      const own = checker.getSymbolAtLocation(member.name)?.escapedName;
      return unionParts(contextual).some((part) =>
        checker.getApparentType(part).getProperties().some((property) => {
          if (property.escapedName === own) return false;
          const type = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, object));
          return unionParts(type).some((t) => t.getCallSignatures().length > 0) && acceptsAsyncCallback(type);
        }),
      );
    },

    declaredReturnAwaitableParts(declaration) {
      const signature = checker.getSignatureFromDeclaration(declaration);
      if (!signature) return [];
      return awaitablePartsOf(checker, checker.getReturnTypeOfSignature(signature), isDefaultLibrary, (part) => typeIsThenable(part, declaration));
    },

    voidBaseMembers(member) {
      const owner = member.parent;
      if (!owner || !(ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner)) || !member.name) return [];
      const symbol = checker.getSymbolAtLocation(member.name);
      if (!symbol) return [];
      const names: string[] = [];
      for (const clause of owner.heritageClauses ?? []) {
        for (const base of clause.types) {
          // Named members only: an index signature (`[key: string]: () => void`) says what other keys hold, not this one.
          const property = checker.getApparentType(checker.getTypeAtLocation(base)).getProperties().find((candidate) => candidate.escapedName === symbol.escapedName);
          if (property && isVoidFunctionSlot(checker.getTypeOfSymbolAtLocation(property, member))) names.push(base.expression.getText(member.getSourceFile()));
        }
      }
      return names;
    },

    spreadsIntoVoidSlots(spread) {
      const call = spread.parent;
      if (!ts.isCallExpression(call) && !ts.isNewExpression(call)) return [];
      const index = call.arguments?.indexOf(spread) ?? -1;
      if (index < 0 || call.arguments!.slice(0, index).some(ts.isSpreadElement)) return [];
      const spreadType = checker.getTypeAtLocation(spread.expression);
      const elements = unionParts(spreadType).flatMap((part) => (checker.isArrayType(part) || checker.isTupleType(part) ? checker.getTypeArguments(part as ts.TypeReference) : []));
      const parts = elements.flatMap((element) => promiseFunctionParts(element, spread));
      if (parts.length === 0) return [];
      const slots = parameterTypesAt(call, index);
      return slots.length > 0 && slots.every(isVoidFunctionSlot) ? parts : [];
    },

    lostPromiseForm(expression) {
      const signatures = unionParts(checker.getTypeAtLocation(expression)).flatMap((part) => part.getCallSignatures());
      if (signatures.length < 2) return [];
      const isFunctionParameter = (parameter: ts.Symbol) => unionParts(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(parameter, expression))).some((t) => t.getCallSignatures().length > 0);
      const hasCallbackForm = signatures.some((signature) => signature.getParameters().some(isFunctionParameter));
      if (!hasCallbackForm) return [];
      const expected = checker.getContextualType(expression);
      const slotSignatures = expected ? unionParts(expected).flatMap((part) => part.getCallSignatures()) : [];
      if (slotSignatures.length === 0) return [];
      // What the caller passes: every argument's type must be known and no function, so no callback form can be the one that runs.
      let passed = 0;
      for (const slot of slotSignatures) {
        let count = slot.getParameters().length;
        for (const parameter of slot.getParameters()) {
          const declaration = parameter.valueDeclaration;
          const type = checker.getTypeOfSymbolAtLocation(parameter, expression);
          if (declaration && ts.isParameter(declaration) && declaration.dotDotDotToken) {
            // `(...args: TArgs) => void` instantiated with no arguments (`setTimeout(fn, ms)` in newer node types) passes none.
            const passesNone = checker.isTupleType(type) && checker.getTypeArguments(type as ts.TypeReference).length === 0;
            if (!passesNone) return [];
            count--;
            continue;
          }
          if (unionParts(type).some((t) => t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Instantiable) || t.getCallSignatures().length > 0)) return [];
        }
        passed = Math.max(passed, count);
      }
      for (const signature of signatures) {
        if (requiredParameterCount(signature) > passed || signature.getParameters().some(isFunctionParameter)) continue;
        const returned = awaitablePartsOf(checker, checker.getReturnTypeOfSignature(signature), isDefaultLibrary, (part) => typeIsThenable(part, expression));
        if (returned.length > 0) return returned;
      }
      return [];
    },

    takesSlotArguments(value) {
      const expected = checker.getContextualType(value);
      const slots = expected ? unionParts(expected).flatMap((part) => part.getCallSignatures()) : [];
      const signatures = unionParts(checker.getTypeAtLocation(value)).flatMap((part) => part.getCallSignatures());
      if (slots.length === 0 || signatures.length === 0) return false;
      const hasRest = (signature: ts.Signature) => {
        const last = signature.getParameters().at(-1)?.valueDeclaration;
        return !!last && ts.isParameter(last) && !!last.dotDotDotToken;
      };
      if (slots.some(hasRest)) return signatures.every(hasRest);
      const passed = Math.max(...slots.map((slot) => slot.getParameters().length));
      return signatures.every((signature) => hasRest(signature) || signature.getParameters().length >= passed);
    },

    disposeReturnsPromise(value) {
      // The compiler names a property keyed by a well-known symbol `__@<name>@<id>`.
      const dispose = checker.getTypeAtLocation(value).getProperties().find((property) => (property.escapedName as string).startsWith("__@dispose@"));
      return !!dispose && promiseFunctionParts(checker.getTypeOfSymbolAtLocation(dispose, value), value).some((part) => part.kind === "promise");
    },

    asyncMembersWhereVoid(value) {
      const type = checker.getTypeAtLocation(value);
      if (type.getCallSignatures().length > 0 || !(type.flags & ts.TypeFlags.Object)) return [];
      const expected = checker.getContextualType(value);
      if (!expected) return [];
      const names: string[] = [];
      for (const property of type.getProperties()) {
        const parts = promiseFunctionParts(checker.getTypeOfSymbolAtLocation(property, value), value);
        if (!parts.some((part) => part.kind === "promise")) continue;
        const slots = unionParts(expected).flatMap((part) => {
          const slot = memberType(part, property.escapedName, value);
          return slot ? [slot] : [];
        });
        if (slots.length > 0 && slots.every(isVoidFunctionSlot)) names.push(property.declarations?.[0] ? ts.getNameOfDeclaration(property.declarations[0])?.getText() ?? property.name : property.name);
      }
      return names;
    },

    syncHelperOf(call) {
      let callee: ts.Expression = call.expression;
      while (ts.isParenthesizedExpression(callee) || ts.isAsExpression(callee) || ts.isNonNullExpression(callee) || ts.isSatisfiesExpression(callee)) callee = callee.expression;
      const name = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) ? callee.name : undefined;
      let symbol = name && checker.getSymbolAtLocation(name);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declarations = symbol ? symbol.declarations : undefined;
      if (!declarations || declarations.length === 0) return undefined;
      const bodies: SyncHelper[] = [];
      for (const declaration of declarations) {
        const fn = functionOfDeclaration(declaration);
        // Merged with a namespace, an interface or a property: what runs is not evident.
        if (!fn) return undefined;
        if (fn.body) bodies.push(fn as SyncHelper);
      }
      if (bodies.length !== 1) return undefined;
      const [helper] = bodies;
      if (helper.asteriskToken || ts.getModifiers(helper)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
      const file = helper.getSourceFile();
      if (file.isDeclarationFile || program?.isSourceFileFromExternalLibrary(file) || /[\\/]node_modules[\\/]/.test(file.fileName)) return undefined;
      // A subclass's method of the same name may be what runs on the receiver.
      if (ts.isMethodDeclaration(helper) && ts.isClassLike(helper.parent) && mayBeOverridden(helper.parent, helper.name)) return undefined;
      return helper;
    },

    programKey: checker,

    awaitedValue(expression) {
      const awaited = checker.getAwaitedType(checker.getTypeAtLocation(expression));
      if (!awaited) return "value";
      const parts = unionParts(awaited);
      if (parts.some((part) => (part.flags & ts.TypeFlags.Void) !== 0)) return "void";
      return parts.every((part) => (part.flags & (ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive | ts.TypeFlags.Intersection | ts.TypeFlags.Any)) !== 0) ? "object" : "value";
    },
  };
}

/** The function a declaration of a called name stands for: itself, or the arrow or function expression a `const` holds. */
function functionOfDeclaration(declaration: ts.Declaration): ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  let value = declaration.initializer;
  while (ts.isParenthesizedExpression(value)) value = value.expression;
  return ts.isArrowFunction(value) || ts.isFunctionExpression(value) ? value : undefined;
}

/** How many arguments a signature needs: its parameters up to the last one that is neither optional, defaulted nor a rest. */
function requiredParameterCount(signature: ts.Signature): number {
  let count = 0;
  signature.getParameters().forEach((parameter, index) => {
    const declaration = parameter.valueDeclaration;
    const optional = !declaration || !ts.isParameter(declaration) || !!declaration.questionToken || !!declaration.initializer || !!declaration.dotDotDotToken;
    if (!optional) count = index + 1;
  });
  return count;
}

/** Primitive kinds: a value of one of them never has a `then` method of its own, whatever else is true of it. */
function isPrimitiveType(type: ts.Type): boolean {
  const primitive =
    ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.ESSymbolLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Index;
  return (type.flags & primitive) !== 0;
}

function isJavaScriptSource(file: ts.SourceFile): boolean {
  return /\.(c|m)?jsx?$/i.test(file.fileName);
}

/** See `TypeQuestions.isCertainlyNotThenable`; `nullMeansUnknown` where null or undefined in a type may stand for a value stored later. */
function certainlyNotThenable(checker: ts.TypeChecker, type: ts.Type, nullMeansUnknown: boolean, seen: Set<ts.Type>): boolean {
  if (seen.has(type)) return true;
  seen.add(type);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Void | ts.TypeFlags.Never | ts.TypeFlags.NonPrimitive)) return false;
  if (nullMeansUnknown && type.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) return false;
  if (isPrimitiveType(type)) return true;
  if (type.isUnionOrIntersection()) return type.types.every((member) => certainlyNotThenable(checker, member, nullMeansUnknown, seen));
  if (type.flags & ts.TypeFlags.Instantiable) {
    // A type parameter is whatever the caller passes: certain only when its constraint leaves no room for an object.
    const constraint = checker.getBaseConstraintOfType(type);
    if (!constraint || constraint === type) return false;
    const members = constraint.isUnion() ? constraint.types : [constraint];
    return members.every((member) => isPrimitiveType(member) && !(member.flags & ts.TypeFlags.Instantiable));
  }
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  const object = type as ts.ObjectType;
  if (object.objectFlags & ts.ObjectFlags.Mapped) return false;
  // `Record<string, T>` may have a `then` key (a numeric index cannot); `{}` and `Object` take any value.
  if (checker.getIndexInfosOfType(type).some((info) => !(info.keyType.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.ESSymbolLike)))) return false;
  if (type.getProperties().length === 0 && type.getCallSignatures().length === 0 && type.getConstructSignatures().length === 0) return false;
  const symbol = type.getSymbol();
  if (symbol && symbol.name === "Object" && !(symbol.flags & ts.SymbolFlags.TypeLiteral)) return false;
  // Any `then` at all: `await` calls it (a `then()` that never calls back hangs), so removing `await` is not harmless.
  return checker.getPropertyOfType(checker.getApparentType(type), "then") === undefined;
}

/** Built on first use: the bundles load the compiler lazily (see scripts/build.mjs), so nothing reads `ts` when this module loads. */
let dataTypeNodes: ReadonlySet<ts.SyntaxKind> | undefined;

function isDataTypeNode(kind: ts.SyntaxKind): boolean {
  dataTypeNodes ??= new Set([
    ts.SyntaxKind.StringKeyword,
    ts.SyntaxKind.NumberKeyword,
    ts.SyntaxKind.BooleanKeyword,
    ts.SyntaxKind.BigIntKeyword,
    ts.SyntaxKind.SymbolKeyword,
    ts.SyntaxKind.UndefinedKeyword,
    ts.SyntaxKind.VoidKeyword,
    ts.SyntaxKind.NeverKeyword,
    ts.SyntaxKind.ArrayType,
    ts.SyntaxKind.TupleType,
    ts.SyntaxKind.LiteralType,
  ]);
  return dataTypeNodes.has(kind);
}

function declarationMayHoldFunction(declaration: ts.Declaration): boolean {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)) return true;
  if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration) || ts.isImportEqualsDeclaration(declaration)) return true;
  if (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration) || ts.isBindingElement(declaration)) {
    const annotation = ts.isBindingElement(declaration) ? undefined : declaration.type;
    if (annotation) return !isDataTypeNode(annotation.kind);
    const initializer = ts.isPropertySignature(declaration) ? undefined : declaration.initializer;
    if (!initializer) {
      // A destructured or required binding may be a function; a loop variable or a callback's parameter is taken as data.
      return ts.isBindingElement(declaration);
    }
    return !(ts.isLiteralExpression(initializer) || ts.isTemplateExpression(initializer) || ts.isObjectLiteralExpression(initializer) || ts.isArrayLiteralExpression(initializer) || ts.isBinaryExpression(initializer) || ts.isPrefixUnaryExpression(initializer) || initializer.kind === ts.SyntaxKind.TrueKeyword || initializer.kind === ts.SyntaxKind.FalseKeyword);
  }
  return true;
}

function moduleOfRequire(expression: ts.Expression | undefined): string | undefined {
  if (!expression || !ts.isCallExpression(expression)) return undefined;
  if (!ts.isIdentifier(expression.expression) || expression.expression.text !== "require") return undefined;
  const [argument] = expression.arguments;
  return argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
}

/** Reads the import or `require` a declaration comes from, syntactically: it works without type definitions for the module. */
function originOfDeclaration(declaration: ts.Declaration): ImportOrigin | undefined {
  if (ts.isImportSpecifier(declaration)) {
    const specifier = declaration.parent.parent.parent.moduleSpecifier;
    if (!ts.isStringLiteral(specifier)) return undefined;
    return { module: specifier.text, name: (declaration.propertyName ?? declaration.name).text, via: "import" };
  }
  if (ts.isNamespaceImport(declaration) || ts.isImportClause(declaration)) {
    const importDeclaration = ts.isNamespaceImport(declaration) ? declaration.parent.parent : declaration.parent;
    const specifier = importDeclaration.moduleSpecifier;
    // `import fs from "fs"` binds the CommonJS module object: for node's modules the same as `import * as fs`.
    return ts.isStringLiteral(specifier) ? { module: specifier.text, name: "*", via: "import" } : undefined;
  }
  if (ts.isImportEqualsDeclaration(declaration)) {
    const reference = declaration.moduleReference;
    if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) return { module: reference.expression.text, name: "*", via: "require" };
    return undefined;
  }
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
    const module = moduleOfRequire(declaration.initializer);
    return module ? { module, name: "*", via: "require" } : undefined;
  }
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) && ts.isVariableDeclaration(declaration.parent.parent)) {
    const module = moduleOfRequire(declaration.parent.parent.initializer);
    const imported = declaration.propertyName ?? declaration.name;
    if (!module || !ts.isIdentifier(imported) || declaration.dotDotDotToken) return undefined;
    return { module, name: imported.text, via: "require" };
  }
  return undefined;
}

/** TypeScript's library files by name, for when the program is not at hand. */
function isLibraryFileName(file: ts.SourceFile): boolean {
  const base = file.fileName.slice(Math.max(file.fileName.lastIndexOf("/"), file.fileName.lastIndexOf("\\")) + 1);
  return file.isDeclarationFile && base.startsWith("lib.") && base.endsWith(".d.ts");
}

/** The members of a type that can be awaited (see `TypeQuestions.awaitableParts`). */
function awaitablePartsOf(checker: ts.TypeChecker, type: ts.Type, isDefaultLibrary: (file: ts.SourceFile) => boolean, isThenable: (type: ts.Type) => boolean): AwaitablePart[] {
  const parts: AwaitablePart[] = [];
  const members = checker.getApparentType(type);
  for (const member of members.isUnion() ? members.types : [members]) {
    const part = checker.getApparentType(member);
    const kind = derivesFromPromise(checker, part, isDefaultLibrary, new Set()) ? "promise" : isThenable(part) ? "thenable" : undefined;
    if (kind) parts.push({ kind, names: typeNames(part, isDefaultLibrary) });
  }
  return parts;
}

/**
 * The global `Promise` (declared in TypeScript's library, so a local class named Promise is not
 * it) or a class or interface deriving from it, as typescript-eslint's no-floating-promises decides
 * by default; an intersection counts when one of its members does.
 */
function derivesFromPromise(checker: ts.TypeChecker, type: ts.Type, isDefaultLibrary: (file: ts.SourceFile) => boolean, seen: Set<ts.Type>): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  if (type.isUnionOrIntersection()) return type.types.some((member) => derivesFromPromise(checker, member, isDefaultLibrary, seen));
  const symbol = type.getSymbol();
  if (!symbol) return false;
  if (symbol.name === "Promise" && (symbol.declarations ?? []).some((declaration) => isDefaultLibrary(declaration.getSourceFile()))) return true;
  const target = type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference ? (type as ts.TypeReference).target : type;
  if (!target.isClassOrInterface()) return false;
  return checker.getBaseTypes(target).some((base) => derivesFromPromise(checker, base, isDefaultLibrary, seen));
}

/** The declarations naming a type: its alias (`type Job = …`), its own symbol, and an intersection's members. */
function typeNames(type: ts.Type, isDefaultLibrary: (file: ts.SourceFile) => boolean): DeclarationOrigin[] {
  const symbols = new Set<ts.Symbol>();
  for (const member of [type, ...(type.isIntersection() ? type.types : [])]) {
    for (const symbol of [member.aliasSymbol, member.getSymbol()]) if (symbol) symbols.add(symbol);
  }
  const names: DeclarationOrigin[] = [];
  for (const symbol of symbols) {
    const declaration = symbol.declarations?.[0];
    if (declaration) names.push({ ...declarationOrigin(declaration, isDefaultLibrary), name: symbol.name });
  }
  return names;
}

function declaredName(declaration: ts.Node): string | undefined {
  const name = (declaration as ts.NamedDeclaration).name;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
}

/** Name, enclosing declarations and module of a declaration (see `DeclarationOrigin`). */
function declarationOrigin(declaration: ts.Node, isDefaultLibrary: (file: ts.SourceFile) => boolean): DeclarationOrigin {
  const containers: string[] = [];
  let module: string | undefined;
  for (let node = declaration.parent; node && !module; node = node.parent) {
    if (ts.isModuleDeclaration(node)) {
      // `declare module "node:test" { … }` names the module; `namespace test { … }` is a container; `declare global` neither.
      if (ts.isStringLiteral(node.name)) module = node.name.text;
      else if (node.name.text !== "global") containers.push(node.name.text);
    } else if (ts.isClassLike(node) || ts.isInterfaceDeclaration(node)) {
      const name = declaredName(node);
      if (name) containers.push(name);
    }
  }
  const file = declaration.getSourceFile();
  module ??= isDefaultLibrary(file) ? undefined : packageOfFile(file.fileName);
  return { name: declaredName(declaration), containers, module };
}

/** `…/node_modules/@types/scope__pkg/index.d.ts` -> `@scope/pkg`, `…/node_modules/fastify/types/reply.d.ts` -> `fastify`; none outside node_modules. */
function packageOfFile(fileName: string): string | undefined {
  const normalized = fileName.replace(/\\/g, "/");
  const at = normalized.lastIndexOf("/node_modules/");
  if (at < 0) return undefined;
  const [first, second] = normalized.slice(at + "/node_modules/".length).split("/");
  const name = first.startsWith("@") && second !== undefined ? `${first}/${second}` : first;
  if (!name.startsWith("@types/")) return name;
  const typed = name.slice("@types/".length);
  return typed.includes("__") ? `@${typed.replace("__", "/")}` : typed;
}
