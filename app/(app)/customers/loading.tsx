import { PeopleListsSkeleton } from "@/components/settings/people-lists-skeleton";

export default function CustomersLoading() {
  return <PeopleListsSkeleton label="Loading customers" lists={[6]} />;
}
