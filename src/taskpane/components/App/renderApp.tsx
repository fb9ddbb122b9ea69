import { FluentProvider } from "@fluentui/react-components";
import type * as React from "react";
import { StringsProvider } from "../../strings/StringsContext";
import { AudienceSummary } from "../AudienceSummary/AudienceSummary";
import { CheckStatus } from "../CheckStatus/CheckStatus";
import { DomainGroups } from "../DomainGroups/DomainGroups";
import { FixButtons } from "../FixButtons/FixButtons";
import { ListTable } from "../ListTable/ListTable";
import { PolicyNotice } from "../PolicyNotice/PolicyNotice";
import { SignInPrompt } from "../SignInPrompt/SignInPrompt";
import { VerdictBar } from "../VerdictBar/VerdictBar";
import { decisionThresholds } from "../../audienceParts";
import type { AppState } from "./App.types";
import type { useAppStyles } from "./useAppStyles.styles";

/** The product's name: the pane's accessible name and title (not translated). */
export const PANE_NAME = "Audience Guard";
/** The pane's region: the host names the frame around it after the add-in. */
export const PANE_REGION_NAME = "Audience Guard check";

/** Renders the pane from its state; reads nothing else. */
export function renderApp(state: AppState, styles: ReturnType<typeof useAppStyles>): React.JSX.Element {
  const { audience, strings } = state;
  const { verdict } = audience;
  const applying = Object.values(audience.fixStatus).some((s) => s.state === "applying");
  const composeType = audience.snapshot?.composeType;
  const thresholds = composeType ? decisionThresholds(audience.policyLoad.policy, composeType) : undefined;
  const focused = verdict?.fixes.find((fix) => fix.code === state.focusFix);
  const explanation = focused ? verdict?.reasons.find((reason) => reason.code === focused.resolves)?.message : undefined;
  return (
    <FluentProvider theme={state.theme} className={styles.root}>
      <StringsProvider strings={strings}>
        {/* Named apart from the host's "Audience Guard" region around the frame: landmarks stay unique across both. */}
        <section aria-label={PANE_REGION_NAME} lang={strings.locale} className={styles.pane}>
          <h1 className={styles.title}>{PANE_NAME}</h1>
          <div ref={state.liveRef} aria-live="polite" tabIndex={-1} className={styles.live}>
            <CheckStatus
              status={audience.status}
              checking={audience.checking}
              applyingFix={applying}
              problem={audience.problem}
              onRetry={audience.recheck}
            />
            {verdict && <VerdictBar verdict={verdict} />}
          </div>
          {state.showSignIn && state.onSignIn && <SignInPrompt onSignIn={state.onSignIn} onSignedIn={audience.recheck} />}
          {verdict && verdict.fixes.length > 0 && (
            <FixButtons
              fixes={verdict.fixes}
              fixStatus={audience.fixStatus}
              disabled={audience.stale}
              focus={state.focusFix}
              explanation={explanation}
              onApply={state.applyFix}
            />
          )}
          {verdict && <AudienceSummary audience={verdict.audience} bccRecipients={audience.snapshot?.bcc.length} thresholds={thresholds} />}
          {verdict && verdict.audience.lists.length > 0 && <ListTable lists={verdict.audience.lists} />}
          {verdict && <DomainGroups verdict={verdict} policy={audience.policyLoad.policy} />}
          <PolicyNotice policyLoad={audience.policyLoad} />
        </section>
      </StringsProvider>
    </FluentProvider>
  );
}
