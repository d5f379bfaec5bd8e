"""Search of one city's guide in one language, on Wagtail's search backend: the public page
(`views`) and the API route (guides.api.v3) are doors into `service`."""
