"""What comes back from the patient: the summary their phone hands over (its format), merging it
into the patient's log file, and the private reports made from the logs. Runs beside the build
pipeline, reading content as a build does; nothing here writes under output/."""
