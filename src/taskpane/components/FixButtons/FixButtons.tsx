import { Button, Spinner, useId } from "@fluentui/react-components";
import type * as React from "react";
import { useStrings } from "../../strings/StringsContext";
import type { FixButtonsProps } from "./FixButtons.types";
import { useFixButtonsStyles } from "./useFixButtonsStyles.styles";

/**
 * The verdict's fixes as buttons. While one is being applied it shows a spinner and every button is
 * disabled (kept focusable, so focus is not lost); a fix that failed says so in plain words under
 * the buttons.
 */
export function FixButtons({ fixes, fixStatus = {}, disabled = false, onApply, className }: FixButtonsProps): React.JSX.Element {
  const strings = useStrings();
  const styles = useFixButtonsStyles(className);
  const headingId = useId("fix-buttons-");
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
              aria-describedby={hasFailed ? errorId : undefined}
              icon={applying ? <Spinner size="extra-tiny" aria-hidden /> : undefined}
              onClick={() => void onApply(fix)}
            >
              {fix.label}
            </Button>
          );
        })}
      </div>
      {failed.length > 0 && (
        <p id={errorId} role="alert" className={styles.error}>
          {strings.fixes.failed}
        </p>
      )}
    </section>
  );
}
