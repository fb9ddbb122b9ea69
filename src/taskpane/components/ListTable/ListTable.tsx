import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, useId } from "@fluentui/react-components";
import type * as React from "react";
import { formatAge } from "../../strings/formatAge";
import { formatCount } from "../../strings/formatCount";
import { useStrings } from "../../strings/StringsContext";
import type { ListTableProps } from "./ListTable.types";
import { useListTableStyles } from "./useListTableStyles.styles";

/**
 * A row per list: its name (and address and fields), the people it reaches, the external people
 * among them and where the number came from, and when for a number read earlier (the tenant list
 * index, a size remembered on this device); a number that may be out of date is flagged.
 */
export function ListTable({ lists, now, className }: ListTableProps): React.JSX.Element {
  const strings = useStrings();
  const styles = useListTableStyles(className);
  const headingId = useId("list-table-");
  return (
    <section aria-labelledby={headingId} className={styles.root}>
      <h2 id={headingId} className={styles.heading}>
        {strings.lists.heading}
      </h2>
      <Table aria-labelledby={headingId} size="small" className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.nameColumn}>{strings.lists.name}</TableHeaderCell>
            <TableHeaderCell>{strings.lists.people}</TableHeaderCell>
            <TableHeaderCell>{strings.lists.external}</TableHeaderCell>
            <TableHeaderCell>{strings.lists.source}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {lists.map((list) => (
            <TableRow key={list.address}>
              <TableCell className={styles.cell}>
                <span className={styles.name}>{list.displayName ?? list.address}</span>
                {list.displayName && <span className={styles.detail}>{list.address}</span>}
                {list.fields.length > 0 && <span className={styles.detail}>{list.fields.map((f) => strings.lists.fields[f]).join(", ")}</span>}
              </TableCell>
              <TableCell className={styles.number}>
                {formatCount(list.people, strings)}
                {list.mayBeStale && (
                  <Badge appearance="tint" color="warning" size="small" className={styles.stale}>
                    {strings.lists.stale}
                  </Badge>
                )}
              </TableCell>
              <TableCell className={styles.number}>{formatCount(list.external, strings)}</TableCell>
              <TableCell className={styles.cell}>
                {strings.lists.sources[list.source]}
                {list.asOf !== undefined && <CountedAgo asOf={list.asOf} now={now ?? Date.now()} className={styles.detail} />}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

/** "Counted 5 hours ago", as a machine-readable time; nothing when `asOf` is not a time. */
function CountedAgo({ asOf, now, className }: { asOf: string; now: number; className: string }): React.JSX.Element | null {
  const strings = useStrings();
  const age = formatAge(asOf, now, strings.locale);
  if (age === undefined) return null;
  return (
    <time dateTime={asOf} className={className}>
      {strings.lists.countedAgo(age)}
    </time>
  );
}
