import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router-dom";
import { AppProviders } from "./app/AppProviders";
import { createQueryClient } from "./app/queryClient";
import { appRoutes } from "./app/routes";
import { routerFuture, routerProviderFuture } from "./app/routerOptions";
import "./styles.css";

const router = createBrowserRouter(appRoutes, { future: routerFuture });
const queryClient = createQueryClient();
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} future={routerProviderFuture} />
    </AppProviders>
  </StrictMode>,
);
