import { forgetPushEndpointAction } from "@/app/(app)/settings/actions";

/**
 * This browser stops being one of the member's devices: its subscription is forgotten by the
 * server and ended at the push service. On turning push off, and on signing out, so that a shared
 * computer is pushed nothing of the one who left. Never throws, and gives up after two seconds:
 * signing out must not wait on it.
 */
export async function forgetThisBrowser() {
  const forget = async () => {
    if (!("serviceWorker" in navigator)) return;
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription) return;
    await forgetPushEndpointAction({ endpoint: subscription.endpoint });
    await subscription.unsubscribe();
  };
  await Promise.race([forget().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2_000))]);
}
