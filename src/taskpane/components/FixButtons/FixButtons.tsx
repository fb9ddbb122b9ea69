import { Button, Spinner, useId } from "@fluentui/react-components";
import * as React from "react";
import { useStrings } from "../../strings/StringsContext";
import type { FixButtonsProps } from "./FixButtons.types";
import { useFixButtonsStyles } from "./useFixButtonsStyles.styles";

/**
 * The verdict's fixes as buttons. While one is being applied it shows a spinner and every button is
 * disabled (kept focusable, so focus is not lost); a fix that failed says so in plain words under
 * the buttons. The fix the Send alert offered (`focus`) comes first, is focused once when it
 * appears, and is explained beside it, so that one press finishes what the alert began.
 */
export function FixButtons({ fixes: given, fixStatus = {}, disabled = false, focus, explanation, onApply, className }: FixButtonsProps): React.JSX.Element {
  const strings = useStrings();
  const styles = useFixButtonsStyles(className);
  const headingId = useId("fix-buttons-");
  const focused = focus !== undefined && given.some((fix) => fix.code === focus) ? focus : undefined;
  const fixes = focused ? [...given.filter((fix) => fix.code === focused), ...given.filter((fix) => fix.code !== focused)] : given;
  const explainId = `${headingId}-explain`;
  const focusRef = React.useRef<HTMLButtonElement>(null);
  const focusedOnce = React.useRef(false);
  React.useEffect(() => {
    if (!focused || focusedOnce.current || !focusRef.current) return;
    focusedOnce.current = true;
    focusRef.current.focus();
  }, [focused]);
  const busy = fixes.some((fix) => fixStatus[fix.code]?.state === "applying");
  const failed = fixes.filter((fix) => fixStatus[fix.code]?.state === "failed");
  const errorId = `${headingId}-error`;
  return (
    <section aria-labelledby={headingId} className={styles.root}>
      <h2 id={headingId} className={styles.heading}>
        {strings.fixes.heading}
      </h2>
      <div className={styles.buttons}>
        {fixes.map((fix, index) => {
          const applying = fixStatus[fix.code]?.state === "applying";
          const hasFailed = fixStatus[fix.code]?.state === "failed";
          return (
            <Button
              key={fix.code}
              type="button"
              appearance={index === 0 ? "primary" : "secondary"}
              className={styles.button}
              disabledFocusable={disabled || busy}
              aria-busy={applying || undefined}
              ref={fix.code === focused ? focusRef : undefined}
              aria-describedby={[fix.code === focused ? explainId : "", hasFailed ? errorId : ""].filter(Boolean).join(" ") || undefined}
              icon={applying ? <Spinner size="extra-tiny" aria-hidden /> : undefined}
              onClick={() => void onApply(fix)}
            >
              {fix.label}
            </Button>
          );
        })}
      </div>
      {focused && (
        <p id={explainId} className={styles.explanation}>
          {explanation ? `${explanation} ` : ""}
          {strings.fixes.fromAlert}
        </p>
      )}
      {failed.length > 0 && (
        <p id={errorId} role="alert" className={styles.error}>
          {strings.fixes.failed}
        </p>
      )}
    </section>
  );
}
