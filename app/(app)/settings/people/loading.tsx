import { PeopleListsSkeleton } from "@/components/settings/people-lists-skeleton";

export default function PeopleLoading() {
  return <PeopleListsSkeleton label="Loading people" lists={[4]} />;
}
