import { InboxOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Progress, Typography, Upload } from "antd";
import type { UploadFile } from "antd";
import { useState } from "react";
import { describeError } from "../../../api/problem";
import type { IngestResponse } from "../../../api/types";
import { useUpload } from "../hooks/useKnowledge";
import { IngestResult } from "./IngestResult";

export const UPLOAD_EXTENSIONS = [".md", ".markdown", ".txt", ".html", ".htm"];

function acceptable(name: string): boolean {
  const lower = name.toLowerCase();
  return UPLOAD_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

interface Outcome {
  name: string;
  result?: IngestResponse;
  error?: string;
}

/**
 * Files uploaded one after the other as documents (multipart), with a progress bar over
 * all of them. The server chooses the title (the HTML title, else the file name) and cuts
 * uploads with its default chunking.
 */
export function UploadDocumentsForm() {
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [rejected, setRejected] = useState<string[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const upload = useUpload();
  const busy = progress !== null && progress < 100;

  const start = async () => {
    const chosen = files.flatMap((file) => (file.originFileObj ? [file.originFileObj as File] : []));
    const totalBytes = chosen.reduce((sum, file) => sum + Math.max(file.size, 1), 0);
    let doneBytes = 0;
    const results: Outcome[] = [];
    setOutcomes([]);
    setProgress(0);
    for (const file of chosen) {
      const size = Math.max(file.size, 1);
      try {
        const result = await upload.mutateAsync({
          file,
          onProgress: (fraction) => setProgress(Math.min(99, Math.round(((doneBytes + fraction * size) / totalBytes) * 100))),
        });
        results.push({ name: file.name, result });
      } catch (error) {
        const { message, fieldErrors } = describeError(error);
        results.push({ name: file.name, error: [message, ...fieldErrors.map((fieldError) => `${fieldError.field} ${fieldError.message}`)].join(" ") });
      }
      doneBytes += size;
      setOutcomes([...results]);
    }
    setProgress(100);
    setFiles([]);
  };

  return (
    <Flex vertical gap="middle">
      <Upload.Dragger
        multiple
        accept={UPLOAD_EXTENSIONS.join(",")}
        fileList={files}
        disabled={busy}
        beforeUpload={(file) => {
          if (!acceptable(file.name)) {
            setRejected((names) => [...names, file.name]);
            return Upload.LIST_IGNORE;
          }
          return false;
        }}
        onChange={({ fileList }) => {
          setFiles(fileList);
          setRejected([]);
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p className="ant-upload-text">Click or drop files here</p>
        <p className="ant-upload-hint">.md, .markdown, .txt, .html or .htm, UTF-8. Each file becomes one document.</p>
      </Upload.Dragger>
      {rejected.length > 0 ? (
        <Alert type="warning" showIcon message={`Not a .md, .txt or .html file: ${rejected.join(", ")}`} />
      ) : null}
      <Typography.Text type="secondary">Uploaded files are cut with the server's default chunking (1,000 characters, 150 overlap).</Typography.Text>
      <div>
        <Button type="primary" onClick={() => void start()} disabled={files.length === 0 || busy} loading={busy}>
          Upload {files.length > 1 ? `${files.length} files` : "file"}
        </Button>
      </div>
      {progress !== null ? <Progress percent={progress} status={busy ? "active" : outcomes.some((o) => o.error) ? "exception" : "success"} aria-label="Upload progress" /> : null}
      {outcomes.map((outcome) =>
        outcome.result ? (
          <IngestResult key={outcome.name} result={outcome.result} />
        ) : (
          <Alert key={outcome.name} type="error" showIcon message={`${outcome.name} was not added`} description={outcome.error} />
        ),
      )}
    </Flex>
  );
}
