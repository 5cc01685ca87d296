import { Card, Flex, Typography } from "antd";
import type { ReactNode } from "react";

/** The frame of the sign-in and sign-up pages: a card in the middle of an empty page. */
export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: "100vh", padding: 16, background: "#f5f5f5" }}>
      <main style={{ width: "100%", maxWidth: 400 }}>
        <Typography.Text strong style={{ display: "block", textAlign: "center", fontSize: 20, marginBottom: 16 }}>
          AstraTickets
        </Typography.Text>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0, marginBottom: 24 }}>
            {title}
          </Typography.Title>
          {children}
        </Card>
        {footer ? <div style={{ textAlign: "center", marginTop: 16 }}>{footer}</div> : null}
      </main>
    </Flex>
  );
}
