// State shared by the screens: the chosen connection and dashboard.
export const session = $state({
  connection: null as string | null,
  dashboardUid: null as string | null,
});
