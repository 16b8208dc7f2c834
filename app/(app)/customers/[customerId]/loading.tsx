import { PeopleListsSkeleton } from "@/components/settings/people-lists-skeleton";

export default function CustomerLoading() {
  return <PeopleListsSkeleton label="Loading the customer" lists={[3, 2]} />;
}
