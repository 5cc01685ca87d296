import type { RouteObject } from "react-router-dom";
import { MyAccountPage } from "./pages/MyAccountPage";

/** One's own account: every signed-in role. */
export const accountRoutes: RouteObject[] = [{ path: "account", element: <MyAccountPage /> }];
