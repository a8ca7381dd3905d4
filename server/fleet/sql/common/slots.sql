SELECT job, last_slot FROM schedule_state
