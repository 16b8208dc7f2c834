import { PeopleListsSkeleton } from "@/components/settings/people-lists-skeleton";

export default function TeamLoading() {
  return <PeopleListsSkeleton label="Loading the team" lists={[1, 4]} />;
}
