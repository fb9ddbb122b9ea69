/**
 * The live check behind the pane: reads the message, checks it, checks again as the recipients
 * change (debounced, latest wins) and applies fixes. Office-free: it talks to the `Mailbox` port and
 * to the `check` function it is given.
 */
import * as React from "react";
import { toGuardError } from "../../core/errors";
import type { ErrorCode } from "../../core/errors";
import type { Fix } from "../../core/evaluate";
import type { FixCode, MessageSnapshot } from "../../core/types";
import { needsSignIn } from "./needsSignIn";
import type { AudienceCheckResult, AudienceCheckState, CheckProblem, UseAudienceCheckOptions } from "./useAudienceCheck.types";

/** Quiet time after the last recipients change before checking, ms. */
export const DEFAULT_DEBOUNCE_MS = 300;

/** What the reducer keeps: the public state less what is derived (`status`, `needsSignIn`) or passed through. */
type State = Omit<AudienceCheckState, "status" | "needsSignIn" | "policyLoad" | "applyFix" | "recheck">;

type Event =
  | { type: "changed" }
  | { type: "started" }
  | { type: "checked"; result: AudienceCheckResult; snapshot: MessageSnapshot }
  | { type: "failed"; problem: CheckProblem }
  | { type: "fixStarted"; code: FixCode }
  | { type: "fixFailed"; code: FixCode; error: ErrorCode }
  | { type: "fixEnded"; code: FixCode };

function withoutFix(fixStatus: State["fixStatus"], code: FixCode): State["fixStatus"] {
  const { [code]: _dropped, ...rest } = fixStatus;
  return rest;
}

function reduce(state: State, event: Event): State {
  switch (event.type) {
    case "changed":
      return { ...state, stale: true, checking: true };
    case "started":
      return { ...state, checking: true };
    case "checked": {
      // A new verdict brings new fixes: earlier fix failures no longer apply; fixes in progress stay.
      const applying = Object.fromEntries(Object.entries(state.fixStatus).filter(([, s]) => s.state === "applying"));
      return {
        ...state,
        verdict: event.result.verdict,
        snapshot: event.snapshot,
        directoryFailure: event.result.directoryFailure,
        lists: event.result.lists,
        checking: false,
        stale: false,
        problem: undefined,
        fixStatus: applying,
      };
    }
    case "failed":
      return { ...state, checking: false, problem: event.problem };
    case "fixStarted":
      return { ...state, fixStatus: { ...state.fixStatus, [event.code]: { state: "applying" } } };
    case "fixFailed":
      return { ...state, fixStatus: { ...state.fixStatus, [event.code]: { state: "failed", code: event.error } } };
    case "fixEnded":
      return { ...state, fixStatus: withoutFix(state.fixStatus, event.code) };
    default:
      return state;
  }
}

/** See the module comment and `AudienceCheckState`. */
export function useAudienceCheck(options: UseAudienceCheckOptions): AudienceCheckState {
  const { mailbox, policyLoad, initialVerdict, initialDirectoryFailure } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;

  const [state, dispatch] = React.useReducer(reduce, undefined, (): State => ({
    verdict: initialVerdict,
    snapshot: undefined,
    directoryFailure: initialVerdict ? initialDirectoryFailure : undefined,
    lists: undefined,
    checking: true,
    stale: false,
    problem: undefined,
    fixStatus: {},
  }));

  // The latest `check`, so that a caller passing a new function each render restarts nothing.
  const checkRef = React.useRef(options.check);
  checkRef.current = options.check;

  /** Bumped by every new check and every recipients change: only the check holding the latest number may land. */
  const sequence = React.useRef(0);
  const controller = React.useRef<AbortController | undefined>(undefined);
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const applying = React.useRef(false);

  const cancelScheduled = React.useCallback((): void => {
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = undefined;
  }, []);

  /** Supersedes whatever check is running: its result will be ignored and its work cancelled. */
  const supersede = React.useCallback((): number => {
    sequence.current += 1;
    controller.current?.abort();
    controller.current = undefined;
    return sequence.current;
  }, []);

  const runCheck = React.useCallback(async (): Promise<void> => {
    cancelScheduled();
    const id = supersede();
    const ac = new AbortController();
    controller.current = ac;
    dispatch({ type: "started" });
    let snapshot: MessageSnapshot;
    try {
      snapshot = await mailbox.readSnapshot();
    } catch (error) {
      if (id === sequence.current) dispatch({ type: "failed", problem: { kind: "read", code: toGuardError(error, "office_call_failed").code } });
      return;
    }
    if (id !== sequence.current) return;
    try {
      const result = await checkRef.current(snapshot, { signal: ac.signal });
      if (id === sequence.current) dispatch({ type: "checked", result, snapshot });
    } catch (error) {
      if (id === sequence.current) dispatch({ type: "failed", problem: { kind: "check", code: toGuardError(error).code } });
    } finally {
      if (controller.current === ac) controller.current = undefined;
    }
  }, [mailbox, cancelScheduled, supersede]);

  /** The recipients changed: what is running is out of date; check once they have been still for `debounceMs`. */
  const schedule = React.useCallback((): void => {
    supersede();
    cancelScheduled();
    dispatch({ type: "changed" });
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void runCheck();
    }, debounceMs);
  }, [supersede, cancelScheduled, runCheck, debounceMs]);

  // Check at once, and again whenever the recipients change. A new `mailbox` starts over; to check
  // under a new policy, give the component a new `key`.
  React.useEffect(() => {
    let stop: (() => void) | undefined;
    let ended = false;
    void runCheck();
    mailbox.onRecipientsChanged(schedule).then(
      (unsubscribe) => {
        if (ended) unsubscribe();
        else stop = unsubscribe;
      },
      // Without change events the pane still shows the check it made and can be asked to check again.
      () => undefined,
    );
    return () => {
      ended = true;
      stop?.();
      cancelScheduled();
      supersede();
    };
  }, [mailbox, runCheck, schedule, cancelScheduled, supersede]);

  const applyFix = React.useCallback(
    async (fix: Fix): Promise<void> => {
      if (applying.current) return;
      applying.current = true;
      dispatch({ type: "fixStarted", code: fix.code });
      try {
        try {
          await mailbox.setRecipients(fix.set);
        } catch (error) {
          dispatch({ type: "fixFailed", code: fix.code, error: toGuardError(error, "office_call_failed").code });
          return;
        }
        dispatch({ type: "changed" });
        await runCheck();
        dispatch({ type: "fixEnded", code: fix.code });
      } finally {
        applying.current = false;
      }
    },
    [mailbox, runCheck],
  );

  const status = state.verdict ? "ready" : state.problem ? "failed" : "loading";
  return {
    status,
    verdict: state.verdict,
    snapshot: state.snapshot,
    directoryFailure: state.directoryFailure,
    lists: state.lists,
    checking: state.checking,
    stale: state.stale,
    problem: state.problem,
    needsSignIn: needsSignIn(state.directoryFailure, state.lists),
    fixStatus: state.fixStatus,
    policyLoad,
    applyFix,
    recheck: runCheck,
  };
}
