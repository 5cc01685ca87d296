import { Alert, Typography } from "antd";
import type { IngestResponse } from "../../../api/types";
import { pluralise } from "../../../shared/format";

/** What an ingest or upload did, with every resulting chunk id (they can be deleted one by one). */
export function IngestResult({ result }: { result: IngestResponse }) {
  return (
    <Alert
      type="success"
      showIcon
      role="status"
      message={result.documents
        .map((document) => `Document ${document.id}: ${document.status}, ${pluralise(document.chunks, "chunk")}`)
        .join("; ")}
      description={
        <div aria-label="Chunk ids">
          <Typography.Text type="secondary">Chunk ids:</Typography.Text>
          <ul style={{ margin: "4px 0 0", paddingLeft: 20 }}>
            {result.inserted_ids.map((id) => (
              <li key={id}>
                <Typography.Text code copyable>
                  {id}
                </Typography.Text>
              </li>
            ))}
          </ul>
        </div>
      }
    />
  );
}
