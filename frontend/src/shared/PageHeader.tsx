import { Flex, Typography } from "antd";
import type { ReactNode } from "react";

interface PageHeaderProps {
  title: ReactNode;
  extra?: ReactNode;
  subtitle?: ReactNode;
}

/** The heading of a page (an h1) with its actions on the right. */
export function PageHeader({ title, extra, subtitle }: PageHeaderProps) {
  return (
    <Flex justify="space-between" align="flex-start" gap="middle" wrap="wrap" style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle ? <Typography.Text type="secondary">{subtitle}</Typography.Text> : null}
      </div>
      {extra ? (
        <Flex gap="small" wrap="wrap">
          {extra}
        </Flex>
      ) : null}
    </Flex>
  );
}
